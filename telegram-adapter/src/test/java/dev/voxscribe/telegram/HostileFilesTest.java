package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Bot API server that lies about files, as a spoofed {@code TELEGRAM_API_URL} would: it names
 * files on the bot's own disk, paths that climb out of the file directory, and downloads that
 * redirect elsewhere. None of it is read, fetched or uploaded; the user is told the file could not
 * be fetched, and the bot keeps answering.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileFilesTest {
  static final TgUser ALICE = TgUser.person(3001, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);
  static final String COULD_NOT_FETCH = Harness.TEXTS.failure(FailureKind.DOWNLOAD_FAILED);

  @TempDir Path dir;
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
      h.assertTokenNeverLeaked();
    }
  }

  private String answerToVoice(TgFile file) {
    int voice = h.tg.message(CHAT, ALICE).voice(file, 2).send();
    return h.answerTo(CHAT.id(), voice).text();
  }

  private long logLinesMentioning(String text) {
    return h.log.lines().stream().filter(l -> l.contains(text)).count();
  }

  @Test
  void withoutLocalFilesDirAnAbsolutePathIsRefusedWithOneLogLine() throws Exception {
    h = Harness.start(dir.resolve("data"), Harness.TUNING);
    h.aiml.script(JobScript.completes("Should never be transcribed."));

    assertThat(answerToVoice(h.tg.registerFileAt("/etc/passwd", 1200))).isEqualTo(COULD_NOT_FETCH);
    assertThat(logLinesMentioning("TELEGRAM_LOCAL_FILES_DIR")).isEqualTo(1);
    assertThat(answerToVoice(h.tg.registerFileAt("/proc/self/environ", 300))).isEqualTo(COULD_NOT_FETCH);
    assertThat(logLinesMentioning("TELEGRAM_LOCAL_FILES_DIR")).isEqualTo(2);

    assertThat(h.aiml.createCount()).isZero();
    assertThat(h.aiml.uploads()).isEmpty();
    assertThat(h.log.all()).doesNotContain("/etc/passwd").doesNotContain("/proc/self/environ");
  }

  @Test
  void localFilesAreReadOnlyInsideTheDirectoryAndOffTheUpdateWorkers() throws Exception {
    Path local = Files.createDirectories(dir.resolve("bot-api"));
    Path voiceDir = Files.createDirectories(local.resolve(FakeTelegramApi.DEFAULT_TOKEN).resolve("voice"));
    Path good = Files.write(voiceDir.resolve("file_0.oga"), Harness.audio("local"));
    Files.createSymbolicLink(voiceDir.resolve("passwd.oga"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(voiceDir.resolve("zero.oga"), Path.of("/dev/zero"));
    List<Path> fifos = List.of(voiceDir.resolve("f1.oga"), voiceDir.resolve("f2.oga"), voiceDir.resolve("f3.oga"),
        voiceDir.resolve("f4.oga"), voiceDir.resolve("f5.oga"));
    for (Path fifo : fifos) {
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo " + fifo).isTrue();
    }
    h = Harness.startWithLocalFiles(dir.resolve("data"), local);
    h.aiml.script(JobScript.completes("Read from the local server.").afterPolls(1));

    // More FIFOs than there are update workers: none is opened, so none can block a worker.
    for (Path fifo : fifos) {
      assertThat(answerToVoice(h.tg.registerFileAt(fifo.toString(), 1000))).isEqualTo(COULD_NOT_FETCH);
    }
    assertThat(answerToVoice(h.tg.registerFileAt(voiceDir.resolve("passwd.oga").toString(), 1000)))
        .isEqualTo(COULD_NOT_FETCH);
    assertThat(answerToVoice(h.tg.registerFileAt(voiceDir.resolve("zero.oga").toString(), 1000)))
        .isEqualTo(COULD_NOT_FETCH);
    assertThat(answerToVoice(h.tg.registerFileAt(voiceDir + "/../../../data/voxscribe.db", 1000)))
        .isEqualTo(COULD_NOT_FETCH);
    assertThat(answerToVoice(h.tg.registerFileAt("/etc/passwd", 1000))).isEqualTo(COULD_NOT_FETCH);
    assertThat(h.aiml.createCount()).isZero();

    int help = h.tg.message(CHAT, ALICE).text("/help").send();
    assertThat(h.answerTo(CHAT.id(), help).text()).isEqualTo(Harness.TEXTS.helpPrivate());

    assertThat(answerToVoice(h.tg.registerFileAt(good.toString(), Files.size(good))))
        .startsWith("Read from the local server.");
    assertThat(h.onlyUpload().audio()).hasValue(Harness.audio("local"));
    assertThat(h.tg.downloads()).as("a local file is read, not downloaded").isZero();
  }

  @Test
  void aFilePathThatClimbsOutOfTheFileDirectoryIsNeverRequested() throws Exception {
    h = Harness.start(dir, Harness.TUNING);
    h.aiml.script(JobScript.completes("Should never be transcribed."));
    String token = h.tg.token();

    assertThat(answerToVoice(h.tg.registerFile("voice/../../secret.oga", Harness.audio("climb"))))
        .isEqualTo(COULD_NOT_FETCH);
    assertThat(answerToVoice(h.tg.registerFile("../../bot" + token + "/getMe", Harness.audio("climb2"))))
        .isEqualTo(COULD_NOT_FETCH);
    assertThat(answerToVoice(h.tg.registerFile("voice/%2e%2e/%2e%2e/secret.oga", Harness.audio("climb3"))))
        .isEqualTo(COULD_NOT_FETCH);

    assertThat(h.tg.requestedPaths()).allSatisfy(p -> assertThat(p).startsWith("/bot"))
        .noneSatisfy(p -> assertThat(p).contains("secret"));
    assertThat(h.tg.calls("getMe")).hasSize(1);
    assertThat(h.aiml.createCount()).isZero();
  }

  @Test
  void aDownloadThatRedirectsIsNotFollowed() throws Exception {
    h = Harness.start(dir, Harness.TUNING);
    h.aiml.script(JobScript.completes("Should never be transcribed."));
    try (FakeTelegramApi elsewhere = new FakeTelegramApi()) {
      TgFile file = h.tg.registerFile("voice/redirected.oga", Harness.audio("redirect"));
      elsewhere.registerFile("voice/redirected.oga", Harness.audio("redirect"));
      h.tg.redirectDownload(file, elsewhere.baseUrl() + "/file/bot" + elsewhere.token() + "/voice/redirected.oga");

      assertThat(answerToVoice(file)).isEqualTo(COULD_NOT_FETCH);
      assertThat(h.tg.downloads(file)).isEqualTo(1);
      assertThat(elsewhere.requestedPaths()).as("the other host was never asked").isEmpty();
      assertThat(h.aiml.createCount()).isZero();
    }
  }
}
