package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rules for reading a local Bot API server's files, on a real file system. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LocalFilesTest {
  static final long LIMIT = 1024;

  @TempDir Path tmp;
  Path root;
  Path outside;
  LocalFiles files;

  @BeforeEach
  void layOut() throws Exception {
    root = Files.createDirectories(tmp.resolve("bot-api/7012345678"));
    Files.createDirectories(root.resolve("voice"));
    Files.write(root.resolve("voice/file_0.oga"), bytes(100));
    outside = Files.writeString(tmp.resolve("secrets.env"), "AIML_API_KEY=sk-secret\n");
    files = new LocalFiles(Optional.of(tmp.resolve("bot-api")), LIMIT);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) i;
    return b;
  }

  private void assertRefused(String path, FailureKind kind) {
    assertThatThrownBy(() -> files.read(path)).as(path).isInstanceOfSatisfying(TranscriptionException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).doesNotContain(path).doesNotContain("7012345678");
    });
  }

  @Test
  void aRegularFileInsideTheDirectoryIsRead() {
    assertThat(files.read(root.resolve("voice/file_0.oga").toString())).isEqualTo(bytes(100));
  }

  @Test
  void aSymlinkThatStaysInsideIsFollowed() throws Exception {
    Files.createSymbolicLink(root.resolve("voice/link.oga"), root.resolve("voice/file_0.oga"));
    assertThat(files.read(root.resolve("voice/link.oga").toString())).isEqualTo(bytes(100));
  }

  @Test
  void filesOutsideTheDirectoryAreRefused() {
    assertRefused("/etc/passwd", FailureKind.DOWNLOAD_FAILED);
    assertRefused("/proc/self/environ", FailureKind.DOWNLOAD_FAILED);
    assertRefused(outside.toString(), FailureKind.DOWNLOAD_FAILED);
    assertRefused(tmp.resolve("bot-api").toString(), FailureKind.DOWNLOAD_FAILED);
  }

  @Test
  void dotSegmentsAreRefusedEvenWhenTheyWouldLandInside() {
    assertRefused(root + "/voice/../../../secrets.env", FailureKind.DOWNLOAD_FAILED);
    assertRefused(root + "/voice/../voice/file_0.oga", FailureKind.DOWNLOAD_FAILED);
    assertRefused(root + "/./voice/file_0.oga", FailureKind.DOWNLOAD_FAILED);
  }

  @Test
  void aSymlinkOutOfTheDirectoryIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("voice/passwd.oga"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(root.resolve("voice/env.oga"), outside);
    Files.createSymbolicLink(root.resolve("escape"), tmp);
    assertRefused(root.resolve("voice/passwd.oga").toString(), FailureKind.DOWNLOAD_FAILED);
    assertRefused(root.resolve("voice/env.oga").toString(), FailureKind.DOWNLOAD_FAILED);
    assertRefused(root.resolve("escape/secrets.env").toString(), FailureKind.DOWNLOAD_FAILED);
  }

  @Test
  void fifosAndDevicesAreNeverOpened() throws Exception {
    Path fifo = root.resolve("voice/fifo.oga");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();
    Files.createSymbolicLink(root.resolve("voice/zero.oga"), Path.of("/dev/zero"));
    // Opening the FIFO would block this thread forever (the test's timeout would fail it).
    assertRefused(fifo.toString(), FailureKind.DOWNLOAD_FAILED);
    assertRefused(root.resolve("voice/zero.oga").toString(), FailureKind.DOWNLOAD_FAILED);
    assertRefused("/dev/zero", FailureKind.DOWNLOAD_FAILED);
    assertRefused(root.resolve("voice").toString(), FailureKind.DOWNLOAD_FAILED);
  }

  @Test
  void aFileOverTheLimitIsRefusedWhateverGetFileSaid() throws Exception {
    try (RandomAccessFile big = new RandomAccessFile(root.resolve("voice/big.oga").toFile(), "rw")) {
      big.setLength(LIMIT + 1);
    }
    assertRefused(root.resolve("voice/big.oga").toString(), FailureKind.TOO_LARGE);
  }

  @Test
  void withoutTheDirectoryNothingIsRead() {
    files = new LocalFiles(Optional.empty(), LIMIT);
    assertThat(files.enabled()).isFalse();
    assertRefused(root.resolve("voice/file_0.oga").toString(), FailureKind.DOWNLOAD_FAILED);
    assertThat(LocalFiles.isLocal("/var/lib/telegram-bot-api/x")).isTrue();
    assertThat(LocalFiles.isLocal("voice/file_0.oga")).isFalse();
  }
}
