package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.core.store.UndecodableUpdates.Kept;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates TelegramBots 10.2 cannot build, as the Bot API really sends them: a gift without
 * {@code convert_star_count}, a message with {@code date: 0}, a sender without {@code is_bot}.
 * Each costs only itself: one log line, a count, a raw copy; its neighbours are answered, and media
 * that can still be read is transcribed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UndecodableUpdatesTest {
  static final TgUser ALICE = TgUser.person(4001, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);

  @TempDir Path dir;
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
      h.assertTokenNeverLeaked();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private List<String> intakeLines() {
    return h.log.lines().stream().filter(l -> l.contains("telegram.Intake - ")).toList();
  }

  /** Voice, gift, voice, all in one getUpdates answer (or posted one by one to the webhook). */
  private void voiceGiftVoice() {
    h.aiml.script(JobScript.completes("Both heard.").afterPolls(1));
    ObjectNode first = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/1.oga", Harness.audio("first")), 2).toUpdate();
    ObjectNode gift = h.tg.message(CHAT, ALICE).gift(25).toUpdate();
    ObjectNode second = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/2.oga", Harness.audio("second")), 3).toUpdate();
    h.tg.pushAll(List.of(first, gift, second));
    int firstId = first.path("message").path("message_id").asInt();
    int secondId = second.path("message").path("message_id").asInt();
    long giftUpdate = gift.path("update_id").asLong();

    assertThat(h.answerTo(CHAT.id(), firstId).text()).startsWith("Both heard.");
    assertThat(h.answerTo(CHAT.id(), secondId).text()).startsWith("Both heard.");
    assertThat(h.aiml.createCount()).isEqualTo(2);

    assertThat(intakeLines()).singleElement().satisfies(l -> assertThat(l)
        .contains("Update " + giftUpdate + " (message.gift)").contains("convertStarCount is marked non-null")
        .contains("Skipped"));
    assertThat(h.log.all()).as("no stack trace").doesNotContain("\n    at ");
    assertThat(h.stack.metrics().undecodableUpdates()).isEqualTo(1);
    assertThat(h.stack.metrics().snapshot()).containsEntry("voxscribe_undecodable_updates_total", 1L);
    List<Kept> kept = h.undecodable().recent("telegram", 10);
    assertThat(kept).singleElement().satisfies(u -> {
      assertThat(u.updateId()).isEqualTo(giftUpdate);
      assertThat(u.kind()).isEqualTo("message.gift");
      assertThat(u.raw()).contains("\"gift\"").contains("\"star_count\":25");
    });
  }

  @Test
  void aGiftTheLibraryCannotBuildCostsOnlyItselfWithLongPolling() throws Exception {
    h = Harness.start(dir, Harness.TUNING);
    voiceGiftVoice();
    Await.until("every update confirmed, the gift included", () -> h.tg.pendingUpdates() == 0);
  }

  @Test
  void aGiftTheLibraryCannotBuildIsAnswered200ThroughTheWebhook() throws Exception {
    int port = freePort();
    h = Harness.startWebhook(dir, URI.create("http://127.0.0.1:" + port + "/hook"), port, Optional.of("s3cret-token"));
    voiceGiftVoice();
    assertThat(h.tg.webhookDeliveries()).containsExactly(200, 200, 200);
  }

  @Test
  void aVoiceNoteInAnOtherwiseUndecodableMessageIsTranscribedAllTheSame() throws Exception {
    h = Harness.start(dir, Harness.TUNING);
    h.aiml.script(JobScript.completes("Still heard.").afterPolls(1));
    int dated = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/d.oga", Harness.audio("date0")), 2).date(0).send();
    ObjectNode oldUser = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/u.oga", Harness.audio("nobot")), 2).toUpdate();
    ((ObjectNode) oldUser.path("message").path("from")).remove("is_bot");
    h.tg.push(oldUser);

    assertThat(h.answerTo(CHAT.id(), dated).text()).startsWith("Still heard.");
    assertThat(h.answerTo(CHAT.id(), oldUser.path("message").path("message_id").asInt()).text()).startsWith("Still heard.");
    assertThat(intakeLines()).hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("(message.voice)").contains("handled all the same"))
        .anySatisfy(l -> assertThat(l).contains("InaccessibleMessage"))
        .anySatisfy(l -> assertThat(l).contains("isBot is marked non-null"));
    assertThat(h.undecodable().recent("telegram", 10)).hasSize(2);
  }
}
