package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A download goes to a spool file, the upload comes from it, and the file is gone once the job is created. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolTest {
  static final TgUser ALICE = TgUser.person(6001, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void start() throws Exception {
    h = Harness.start(dir, Harness.TUNING);
  }

  @AfterEach
  void stop() {
    h.close();
    h.assertTokenNeverLeaked();
  }

  private long spooled() throws Exception {
    try (Stream<Path> s = Files.list(h.service.spool().dir())) {
      return s.count();
    }
  }

  @Test
  void aLargeVoiceNoteIsUploadedWholeFromItsSpoolFileWhichIsThenDeleted() throws Exception {
    h.aiml.script(JobScript.completes("Spooled and sent.").afterPolls(3));
    byte[] big = new byte[6 << 20];
    new Random(42).nextBytes(big);
    big[0] = 'O';
    TgFile file = h.tg.registerFile("voice/big.oga", big);
    int voice = h.tg.message(CHAT, ALICE).voice(file, 30).send();
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Spooled and sent.");
    assertThat(h.onlyUpload().audio()).hasValueSatisfying(a -> assertThat(a).isEqualTo(big));
    assertThat(spooled()).as("spool files left").isZero();

    // The same bytes under another file: answered from the content cache, its spool file dropped at once.
    TgFile again = h.tg.registerFile("voice/again.oga", big);
    int second = h.tg.message(CHAT, ALICE).voice(again, 30).send();
    assertThat(h.answerTo(CHAT.id(), second).text()).startsWith("Spooled and sent.");
    assertThat(h.aiml.createCount()).isEqualTo(1);
    assertThat(spooled()).isZero();
  }
}
