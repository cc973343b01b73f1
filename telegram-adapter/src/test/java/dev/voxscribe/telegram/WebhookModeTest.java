package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Webhook mode: Telegram posts updates to the bot, which checks the secret token on each. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookModeTest {
  static final TgUser ALICE = TgUser.person(2001, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);
  static final String SECRET = "webhook-Secret_0123456789";

  @TempDir Path dir;
  Harness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
      h.assertTokenNeverLeaked();
      assertThat(h.log.all()).doesNotContain(SECRET);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUpdateIsInTheStoreBeforeTheWebhookAnswers200AndIsAnsweredAfterARestart() throws Exception {
    int port = freePort();
    URI url = URI.create("http://127.0.0.1:" + port + "/telegram/hook");
    h = Harness.startWebhookKeeping(dir, url, port, Optional.of(SECRET));
    h.aiml.script(JobScript.completes("Kept from the webhook.").afterPolls(1));
    h.tg.holdDownloads(true); // nothing is finished before the check
    ObjectNode update = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/k.oga", Harness.audio("kept")), 2)
        .toUpdate();
    int voice = update.path("message").path("message_id").asInt();
    assertThat(h.tg.postToWebhook(update, Optional.of(SECRET))).isEqualTo(200);
    java.util.List<Long> recorded = new java.util.ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(
            "jdbc:sqlite:" + dir.resolve(dev.voxscribe.core.store.SqliteStore.FILE_NAME));
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT update_id FROM inbox WHERE platform = 'telegram'")) {
      while (rs.next()) recorded.add(rs.getLong(1));
    }
    assertThat(recorded).as("recorded when Telegram was told 200").contains(update.path("update_id").asLong());

    h.restartFresh(() -> h.tg.holdDownloads(false));
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Kept from the webhook.");
    assertThat(h.repliesTo(CHAT.id(), voice)).hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void updatesWithTheRightSecretAreHandledAndOthersRefused() throws Exception {
    int port = freePort();
    URI url = URI.create("http://127.0.0.1:" + port + "/telegram/hook");
    h = Harness.startWebhook(dir, url, port, Optional.of(SECRET));
    h.aiml.script(JobScript.completes("Hello over the webhook.").afterPolls(1));

    assertThat(h.tg.webhookUrl()).contains(url.toString());
    assertThat(h.tg.webhookSecret()).contains(SECRET);
    assertThat(h.tg.calls("setWebhook")).singleElement()
        .satisfies(c -> assertThat(c.params().path("allowed_updates").toString()).contains("message"));
    assertThat(h.tg.calls("getUpdates")).as("no long polling in webhook mode").isEmpty();

    int voice = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/w.oga", Harness.audio("webhook")), 2).send();
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Hello over the webhook.");
    assertThat(h.tg.webhookDeliveries()).containsExactly(200);

    ObjectNode forged = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/f.oga", Harness.audio("forged")), 2)
        .toUpdate();
    int forgedId = forged.path("message").path("message_id").asInt();
    assertThat(h.tg.postToWebhook(forged, Optional.of("wrong-secret"))).isEqualTo(401);
    assertThat(h.tg.postToWebhook(forged, Optional.empty())).isEqualTo(401);

    int help = h.tg.message(CHAT, ALICE).text("/help").send();
    h.answerTo(CHAT.id(), help);
    assertThat(h.repliesTo(CHAT.id(), forgedId)).isEmpty();
    assertThat(h.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void aSecretIsGeneratedWhenNoneIsConfigured() throws Exception {
    int port = freePort();
    URI url = URI.create("http://127.0.0.1:" + port + "/hook");
    h = Harness.startWebhook(dir, url, port, Optional.empty());

    String generated = h.tg.webhookSecret().orElseThrow();
    assertThat(generated).matches("[A-Za-z0-9_-]{32,256}");
    int start = h.tg.message(CHAT, ALICE).text("/start").send();
    assertThat(h.answerTo(CHAT.id(), start).text()).isEqualTo(Harness.TEXTS.helpPrivate());
    assertThat(h.log.all()).doesNotContain(generated);
  }

  @Test
  void channelPostsAndGuestMessagesComeThroughTheWebhookToo() throws Exception {
    int port = freePort();
    h = Harness.startWebhook(dir, URI.create("http://127.0.0.1:" + port + "/hook"), port, Optional.of(SECRET));
    assertThat(h.tg.allowedUpdates()).hasValueSatisfying(a ->
        assertThat(a).contains("message", "edited_message", "channel_post", "edited_channel_post", "guest_message"));
    TgChat channel = TgChat.channel(-1003333333333L, "Hooked");

    int on = h.tg.channelPost(channel).text("/auto on").send();
    assertThat(h.answerTo(channel.id(), on).text()).isEqualTo(Harness.TEXTS.autoSet(true));
    String query = h.tg.guestMessage(TgChat.supergroup(-1004444444444L, "Guests"), ALICE).sendGuest();
    Await.until("the guest answer", () -> h.tg.guestReplyTo(query).isPresent());

    assertThat(h.tg.droppedUpdates()).isEmpty();
    assertThat(h.tg.webhookDeliveries()).containsOnly(200);
  }
}
