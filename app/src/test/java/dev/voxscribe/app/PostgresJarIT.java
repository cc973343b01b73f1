package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.db.TestDatabase;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar with its store on PostgreSQL ({@code VOXSCRIBE_DATABASE_URL}). */
class PostgresJarIT {
  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private TestDatabase database;

  @AfterEach
  void stop() {
    aiml.close();
    if (database != null) database.close();
  }

  private TestDatabase database() {
    Optional<String> why = TestDatabase.unavailable();
    assumeTrue(why.isEmpty(), () -> why.orElse(""));
    database = TestDatabase.open().orElseThrow();
    return database;
  }

  private Process startBot(Map<String, String> env, String name) throws IOException {
    String jar = System.getProperty("voxscribe.jar", "target/voxscribe.jar");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
        .directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AIML_") || k.startsWith("VOXSCRIBE_") || k.startsWith("TELEGRAM_") || k.startsWith("DISCORD_"));
    pb.environment().putAll(env);
    return pb.redirectOutput(dir.resolve(name + "-out.txt").toFile()).redirectError(dir.resolve(name + "-err.txt").toFile()).start();
  }

  private String log(String name) throws IOException {
    return Files.readString(dir.resolve(name + "-out.txt")) + Files.readString(dir.resolve(name + "-err.txt"));
  }

  /**
   * A person's minutes and a chat's settings are in PostgreSQL: an instance with another data
   * directory, started after the first was SIGKILLed, refuses what is over the quota and keeps the language.
   */
  @Test
  void quotasAndSettingsLiveInTheDatabaseNotInTheDataDirectory() throws Exception {
    TestDatabase db = database();
    aiml.script(JobScript.completes("Counted in PostgreSQL.").afterPolls(1));
    aiml.reportedDuration(java.util.OptionalDouble.empty()); // the lengths Telegram announces count
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Map<String, String> env = new HashMap<>(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "VOXSCRIBE_USER_MINUTES_PER_DAY", "1",
          "VOXSCRIBE_DATABASE_URL", db.url(), "VOXSCRIBE_DATABASE_PASSWORD", "pg-Unused_s3cret"));
      TgUser alice = TgUser.person(4545, "Alice");
      TgChat chat = TgChat.privateWith(alice);
      env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-a").toString());
      Process a = startBot(env, "a");
      try {
        int lang = telegram.message(chat, alice).text("/language de").send();
        assertThat(replyTo(telegram, chat, lang).text()).as("log:%n%s", log("a")).isNotBlank();
        int first = telegram.message(chat, alice)
            .voice(telegram.registerFile("voice/pg-a.oga", new byte[] {'O', 'g', 'g', 'S', 1}), 40).send();
        assertThat(replyTo(telegram, chat, first).text()).as("log:%n%s", log("a")).startsWith("Counted in PostgreSQL.");
      } finally {
        a.destroyForcibly(); // SIGKILL
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-b").toString());
      Process b = startBot(env, "b");
      try {
        TgFile over = telegram.registerFile("voice/pg-b.oga", new byte[] {'O', 'g', 'g', 'S', 2});
        int second = telegram.message(chat, alice).voice(over, 30).send();
        assertThat(replyTo(telegram, chat, second).text()).as("log:%n%s", log("b"))
            .startsWith("⏳ That recording is longer than the 20 s you have left today (of 1 minute).");
        assertThat(telegram.downloads(over)).isZero();
        int status = telegram.message(chat, alice).text("/language").send();
        assertThat(replyTo(telegram, chat, status).text()).as("the setting the first instance stored").contains("(de)");
        assertThat(aiml.createCount()).isEqualTo(1);
      } finally {
        b.destroy();
        assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(dir.resolve("data-a").resolve("voxscribe.db")).doesNotExist();
      assertThat(dir.resolve("data-b").resolve("voxscribe.db")).doesNotExist();
      assertThat(log("a") + log("b")).contains("Store in VOXSCRIBE_DATABASE_URL=jdbc:postgresql://")
          .doesNotContain("pg-Unused_s3cret").doesNotContain(telegram.token()).doesNotContain(aiml.apiKey());
      try (Connection c = db.connection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_counters WHERE scope LIKE '%4545%'")) {
        assertThat(rs.next() && rs.getInt(1) > 0).as("Alice's counters are rows in the test schema").isTrue();
      }
    }
  }

  @Test
  void anUnreachableDatabaseStopsTheStartWithOneLineWithoutThePassword() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Process p = startBot(Map.of("AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString(),
          "VOXSCRIBE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/voxscribe?connectTimeout=3",
          "VOXSCRIBE_DATABASE_PASSWORD", "pg-Unused_s3cret"), "down");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      String err = Files.readString(dir.resolve("down-err.txt"), StandardCharsets.UTF_8);
      List<String> lines = err.lines().filter(l -> l.startsWith("Could not start")).toList();
      assertThat(lines).as(err).singleElement().satisfies(l -> assertThat(l)
          .contains("VOXSCRIBE_DATABASE_URL=jdbc:postgresql://127.0.0.1:" + closed + "/voxscribe"));
      assertThat(log("down")).doesNotContain("pg-Unused_s3cret").doesNotContain("\tat ");
      assertThat(telegram.commandNames()).as("nothing reached Telegram").isEmpty();
    }
  }

  /**
   * Long polling with two instances: one polls (Telegram serves one getUpdates per bot), the other
   * stands by; SIGKILL the poller and the standby takes over within VOXSCRIBE_LEASE.
   */
  @Test
  void aStandbyTakesTheLongPollOverWhenThePollerIsKilled() throws Exception {
    TestDatabase db = database();
    aiml.script(JobScript.completes("Still listening.").afterPolls(1));
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Map<String, String> env = new HashMap<>(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "VOXSCRIBE_DATABASE_URL", db.url(), "VOXSCRIBE_LEASE", "3s"));
      env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-a").toString());
      Process a = startBot(env, "a");
      Process b = null;
      try {
        dev.voxscribe.testing.Await.until("the first instance polls", () -> quietly(() -> log("a"))
            .contains("is running with long polling"));
        env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-b").toString());
        b = startBot(env, "b");
        dev.voxscribe.testing.Await.until("the second instance stands by", () -> quietly(() -> log("b"))
            .contains("standing by"));
        TgUser alice = TgUser.person(4646, "Alice");
        TgChat chat = TgChat.privateWith(alice);
        int first = telegram.message(chat, alice)
            .voice(telegram.registerFile("voice/poll-a.oga", new byte[] {'O', 'g', 'g', 'S', 3}), 3).send();
        assertThat(replyTo(telegram, chat, first).text()).as("log:%n%s", log("a")).startsWith("Still listening.");
        assertThat(telegram.pollConflicts()).as("only one instance polled").isZero();

        a.destroyForcibly(); // SIGKILL: its session, and the advisory lock, end with it
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        dev.voxscribe.testing.Await.until("the standby takes over", () -> quietly(() -> log("b")).contains("takes over"));
        int second = telegram.message(chat, alice)
            .voice(telegram.registerFile("voice/poll-b.oga", new byte[] {'O', 'g', 'g', 'S', 4}), 3).send();
        assertThat(replyTo(telegram, chat, second).text()).as("log:%n%s", log("b")).startsWith("Still listening.");
      } finally {
        a.destroyForcibly();
        if (b != null) {
          b.destroy();
          assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
      }
      assertThat(log("b")).doesNotContain(telegram.token()).doesNotContain(aiml.apiKey());
    }
  }

  /**
   * Webhook mode behind a load balancer, two instances: the same voice note (one file, two chats)
   * reaching both at once is created once, and both chats get the transcript.
   */
  @Test
  void theSameVoiceNoteReachingTwoInstancesAtOnceIsCreatedOnce() throws Exception {
    TestDatabase db = database();
    aiml.script(JobScript.completes("Shared by the cluster.").afterPolls(2));
    int portA = freePort();
    int portB = freePort();
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Map<String, String> env = new HashMap<>(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "TELEGRAM_WEBHOOK_URL", "http://127.0.0.1:" + portA + "/hook", "TELEGRAM_WEBHOOK_BIND", "127.0.0.1",
          "TELEGRAM_WEBHOOK_SECRET", "cluster-Webhook_secret-42",
          "VOXSCRIBE_DATABASE_URL", db.url(), "VOXSCRIBE_LEASE", "3s"));
      env.put("TELEGRAM_WEBHOOK_PORT", String.valueOf(portA));
      env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-a").toString());
      Process a = startBot(env, "a");
      Process b = null;
      try {
        dev.voxscribe.testing.Await.until("the first instance sets the webhook", () -> telegram.webhookUrl().isPresent());
        env.put("TELEGRAM_WEBHOOK_PORT", String.valueOf(portB));
        env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-b").toString());
        b = startBot(env, "b");
        dev.voxscribe.testing.Await.until("the second instance serves the webhook too", () -> quietly(() -> log("b"))
            .contains("another instance set the webhook"));
        telegram.behindLoadBalancer(List.of("http://127.0.0.1:" + portA + "/hook", "http://127.0.0.1:" + portB + "/hook"));
        TgUser alice = TgUser.person(4747, "Alice");
        TgUser bob = TgUser.person(4848, "Bob");
        TgChat withAlice = TgChat.privateWith(alice);
        TgChat withBob = TgChat.privateWith(bob);
        TgFile forwarded = telegram.registerFile("voice/shared.oga", new byte[] {'O', 'g', 'g', 'S', 5, 5});
        telegram.holdDownloads(true); // both instances have the audio at the same moment
        int toA = telegram.message(withAlice, alice).voice(forwarded, 3).send();
        int toB = telegram.message(withBob, bob).voice(forwarded, 3).send();
        assertThat(telegram.webhookDeliveries()).containsExactly(200, 200);
        dev.voxscribe.testing.Await.until("both instances download it", () -> telegram.downloadsRequested() >= 2);
        telegram.holdDownloads(false);
        assertThat(replyTo(telegram, withAlice, toA).text()).as("log:%n%s", log("a")).startsWith("Shared by the cluster.");
        assertThat(replyTo(telegram, withBob, toB).text()).as("log:%n%s", log("b")).startsWith("Shared by the cluster.");
        assertThat(aiml.createRequests()).as("one create in the cluster; logs:%n%s%n%s", log("a"), log("b")).isEqualTo(1);
        assertThat(log("a") + log("b")).contains("Another instance is creating");
        assertThat(telegram.calls("setWebhook")).as("set by one instance").hasSize(1);
        assertThat(telegram.calls("setMyCommands")).as("the menu in nine languages, by one instance").hasSize(9);
      } finally {
        a.destroy();
        if (b != null) b.destroy();
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (b != null) assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(log("a") + log("b")).doesNotContain(telegram.token()).doesNotContain(aiml.apiKey())
          .doesNotContain("cluster-Webhook_secret-42");
    }
  }

  /**
   * Long polling, two instances: the poller is SIGKILLed while the service works on a voice note;
   * the standby takes the poll and, once the lease lapsed, the job: it polls the same generation
   * and answers, with one create in all.
   */
  @Test
  void anInstanceKilledMidJobHasItsJobDeliveredByTheOtherWithOneCreate() throws Exception {
    TestDatabase db = database();
    aiml.script(JobScript.completes("Finished by the survivor.").afterPolls(4));
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Map<String, String> env = new HashMap<>(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "VOXSCRIBE_DATABASE_URL", db.url(), "VOXSCRIBE_LEASE", "3s"));
      env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-a").toString());
      Process a = startBot(env, "a");
      Process b = null;
      try {
        dev.voxscribe.testing.Await.until("the first instance polls", () -> quietly(() -> log("a"))
            .contains("is running with long polling"));
        env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data-b").toString());
        b = startBot(env, "b");
        dev.voxscribe.testing.Await.until("the second instance stands by", () -> quietly(() -> log("b"))
            .contains("standing by"));
        TgUser alice = TgUser.person(4949, "Alice");
        TgChat chat = TgChat.privateWith(alice);
        int voice = telegram.message(chat, alice)
            .voice(telegram.registerFile("voice/mid-job.oga", new byte[] {'O', 'g', 'g', 'S', 9}), 3).send();
        dev.voxscribe.testing.Await.until("the service has the job and is polled", () -> aiml.pollCount() >= 1);
        a.destroyForcibly(); // SIGKILL mid-job: nothing renews its lease any more
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(replyTo(telegram, chat, voice).text()).as("log:%n%s", log("b")).startsWith("Finished by the survivor.");
        assertThat(aiml.createRequests()).as("polled again, never created again").isEqualTo(1);
        assertThat(log("b")).contains("was left by an instance that stopped");
      } finally {
        a.destroyForcibly();
        if (b != null) {
          b.destroy();
          assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
      }
      assertThat(log("b")).doesNotContain(telegram.token()).doesNotContain(aiml.apiKey());
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private interface Read {
    String get() throws IOException;
  }

  private static String quietly(Read r) {
    try {
      return r.get();
    } catch (IOException e) {
      return "";
    }
  }

  private static SentMessage replyTo(FakeTelegramApi telegram, TgChat chat, int messageId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      Optional<SentMessage> reply = telegram.sentMessages(chat.id()).stream()
          .filter(m -> m.replyTo().equals(Optional.of(messageId)) && !m.text().startsWith("🎧")).findFirst();
      if (reply.isPresent()) return reply.get();
      Thread.sleep(50); // polling a stand-in from a test thread; nothing here waits for time to pass
    }
    throw new AssertionError("no reply to message " + messageId + " within 90 s");
  }
}
