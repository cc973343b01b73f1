package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioSpoolTest {
  @TempDir Path dir;

  private static long files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void aFileIsWrittenAndHashedAsItStreams() throws Exception {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    AudioSource.Spooled s = AudioSpool.open(dir).copy(new ByteArrayInputStream(data), "v.ogg", "audio/ogg", 1_000_000);
    assertThat(Files.readAllBytes(s.file())).isEqualTo(data);
    assertThat(s.size()).isEqualTo(data.length);
    assertThat(s.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    AudioSpool.discard(s);
    assertThat(files(dir)).isZero();
  }

  @Test
  void aFileOverTheLimitIsRefusedAndLeavesNothingBehind() throws Exception {
    AudioSpool spool = AudioSpool.open(dir);
    assertThatThrownBy(() -> spool.copy(new ByteArrayInputStream(new byte[2_000]), "v.ogg", "audio/ogg", 1_999))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TOO_LARGE));
    assertThat(files(dir)).isZero();
  }

  @Test
  void filesLeftByAProcessThatDiedAreRemovedAtStart() throws Exception {
    AudioSpool first = AudioSpool.open(dir);
    first.copy(new ByteArrayInputStream(new byte[] {1, 2, 3}), "a.ogg", "audio/ogg", 100);
    first.writer("b.ogg", "audio/ogg", 100).write(new byte[] {4}, 0, 1); // never finished: a download cut by a crash
    Files.writeString(dir.resolve("README.txt"), "not ours");
    assertThat(files(dir)).isEqualTo(3);
    AudioSpool.open(dir);
    assertThat(files(dir)).isEqualTo(1);
  }
}
