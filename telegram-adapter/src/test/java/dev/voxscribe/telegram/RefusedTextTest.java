package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.SentDocument;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram refusing the transcript's text (as the real Bot API does for a NUL or an unpaired
 * surrogate, or with "can't parse entities"): the transcript still arrives, clean or as a file;
 * and media without {@code file_unique_id} never share a cache entry.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RefusedTextTest {
  static final TgUser ALICE = TgUser.person(5001, "Alice");
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

  @Test
  void aTranscriptWithANulByteArrivesWithoutIt() {
    h.aiml.script(JobScript.completes("Hello\u0000 world, all good."));
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/nul.oga", Harness.audio("nul")), 2).send();
    String answer = h.answerTo(CHAT.id(), voice).text();
    assertThat(answer).startsWith("Hello world, all good.").doesNotContain("\u0000");
    assertThat(h.tg.calls("sendMessage")).anySatisfy(c -> assertThat(c.status()).isEqualTo(400));
  }

  @Test
  void aTranscriptTelegramRefusesAnywayArrivesAsAFile() {
    h.aiml.script(JobScript.completes("Refused for no visible reason."));
    h.tg.failNext("sendMessage", 400, "Bad Request: can't parse entities: unsupported start tag at byte offset 3");
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/refused.oga", Harness.audio("refused")), 2).send();
    SentDocument file = Await.until("the transcript as a file", () -> h.tg.sentDocuments(CHAT.id()), d -> !d.isEmpty()).get(0);
    assertThat(file.filename()).isEqualTo(Transcriber.FILE_NAME);
    assertThat(new String(file.data(), StandardCharsets.UTF_8)).isEqualTo("Refused for no visible reason.");
    assertThat(file.replyTo()).contains(voice);
  }

  @Test
  void aPlaceholderNeverStaysWhenTheTextIsRefused() throws Exception {
    h.close();
    h = Harness.start(dir.resolve("again"), Harness.TUNING.withPlaceholderAfter(java.time.Duration.ZERO));
    h.aiml.script(JobScript.completes("Still\u0000 arrives.").afterPolls(2));
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/ph.oga", Harness.audio("placeholder")), 2).send();
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Still arrives.");
    assertThat(h.repliesTo(CHAT.id(), voice)).noneMatch(m -> m.text().equals(Harness.PLACEHOLDER));
  }

  @Test
  void aPlaceholderOverARefusedTranscriptSaysWhyAFileFollows() throws Exception {
    h.close();
    h = Harness.start(dir.resolve("file"), Harness.TUNING.withPlaceholderAfter(java.time.Duration.ZERO));
    // Nothing but characters Telegram refuses: no clean text is left to send, only the file.
    h.aiml.script(JobScript.completes("\u0000\u0000").afterPolls(2));
    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/note.oga", Harness.audio("note")), 2).send();
    SentDocument file = Await.until("the transcript as a file", () -> h.tg.sentDocuments(CHAT.id()), d -> !d.isEmpty()).get(0);
    assertThat(file.filename()).isEqualTo(Transcriber.FILE_NAME);
    Messages english = new Messages(20, java.time.Duration.ofMinutes(20));
    assertThat(Await.until("the placeholder saying why", () -> h.answerTo(CHAT.id(), voice).text(),
        text -> text.equals(english.refusedAsFile()))).isNotEqualTo(english.sentAsFile());
  }

  @Test
  void mediaWithoutAFileUniqueIdNeverShareACacheEntry() {
    h.aiml.script(upload -> JobScript.completes(new String(upload.audio().orElseThrow(), StandardCharsets.ISO_8859_1)
        .endsWith("first") ? "The first one." : "The second one."));
    List<Integer> ids = new java.util.ArrayList<>();
    for (String seed : List.of("first", "second")) {
      ObjectNode update = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed)), 2)
          .toUpdate();
      ((ObjectNode) update.path("message").path("voice")).remove("file_unique_id");
      h.tg.push(update);
      ids.add(update.path("message").path("message_id").asInt());
    }
    assertThat(h.answerTo(CHAT.id(), ids.get(0)).text()).startsWith("The first one.");
    assertThat(h.answerTo(CHAT.id(), ids.get(1)).text()).startsWith("The second one.");
    assertThat(h.aiml.createCount()).isEqualTo(2);
  }
}
