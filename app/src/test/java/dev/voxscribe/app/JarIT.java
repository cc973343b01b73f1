package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.time.Duration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a user runs it: {@code java -jar app/target/voxscribe.jar ...}. */
class JarIT {
  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();

  @AfterEach
  void stop() {
    aiml.close();
  }

  record Result(int exit, String out, String err) {}

  Result java(Map<String, String> env, String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("voxscribe.jar", "target/voxscribe.jar");
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AIML_") || k.startsWith("VOXSCRIBE_") || k.startsWith("TELEGRAM_") || k.startsWith("DISCORD_"));
    pb.environment().putAll(env);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the jar did not exit within 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void transcribeWorksFromThePackagedJar() throws Exception {
    aiml.script(JobScript.completes("Packaged and working.").afterPolls(1));
    Files.write(dir.resolve("note.ogg"), new byte[] {'O', 'g', 'g', 'S', 9, 9});
    Result r = java(Map.of("AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl()), "transcribe", "note.ogg");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo("Packaged and working.");
  }

  @Test
  void missingKeyIsOneLineAndNonZero() throws Exception {
    Files.write(dir.resolve("note.ogg"), new byte[] {1});
    Result r = java(Map.of(), "transcribe", "note.ogg");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("AIML_API_KEY").doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void noTokenNamesBothVariables() throws Exception {
    Result r = java(Map.of("AIML_API_KEY", "k-123456"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("TELEGRAM_BOT_TOKEN").contains("DISCORD_BOT_TOKEN");
  }

  /** Starts the jar in bot mode without waiting for it; output goes to files in the temp dir. */
  Process startBot(Map<String, String> env, String... jvmOptions) throws IOException {
    String jar = System.getProperty("voxscribe.jar", "target/voxscribe.jar");
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-jar", jar));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AIML_") || k.startsWith("VOXSCRIBE_") || k.startsWith("TELEGRAM_") || k.startsWith("DISCORD_"));
    pb.environment().putAll(env);
    return pb.redirectOutput(dir.resolve("bot-out.txt").toFile()).redirectError(dir.resolve("bot-err.txt").toFile()).start();
  }

  String botLog() throws IOException {
    return Files.readString(dir.resolve("bot-out.txt")) + Files.readString(dir.resolve("bot-err.txt"));
  }

  private String logSoFar() {
    try {
      return botLog();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void discordBotAnswersAVoiceMessageAndStopsCleanlyOnSigterm() throws Exception {
    aiml.script(JobScript.completes("Straight from the jar.").afterPolls(1));
    try (FakeDiscord discord = new FakeDiscord()) {
      Process bot = startBot(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "DISCORD_BOT_TOKEN", FakeDiscord.TOKEN, "DISCORD_API_URL", discord.restBase(),
          "DISCORD_GATEWAY_URL", discord.gatewayUrl(), "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString()));
      try {
        discord.awaitCall(c -> c.method().equals("PUT") && c.path().endsWith("/commands"), Duration.ofSeconds(60));
        FakeAttachment voice = discord.voiceAttachment(FakeDiscord.DM_CHANNEL_ID, new byte[] {'O', 'g', 'g', 'S', 4, 2}, 2.0);
        discord.sendVoiceMessage(FakeDiscord.DM_CHANNEL_ID, FakeDiscord.MEMBER, voice);
        DiscordCall reply = discord.awaitCall(
            c -> c.method().equals("POST") && c.path().equals("channels/" + FakeDiscord.DM_CHANNEL_ID + "/messages"),
            Duration.ofSeconds(60));
        assertThat(reply.json().toString()).contains("Straight from the jar.");
      } finally {
        bot.destroy(); // SIGTERM
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).as("the bot stops within 30 s of SIGTERM").isTrue();
      }
      assertThat(bot.exitValue()).as("a clean stop on SIGTERM exits 0").isZero();
      String log = botLog();
      assertThat(log).contains("Stopping").doesNotContain(FakeDiscord.TOKEN).doesNotContain(aiml.apiKey());
      assertThat(dir.resolve("data").resolve("voxscribe.db")).exists();
    }
  }

  @Test
  void telegramAndDiscordRunInOneProcess() throws Exception {
    aiml.script(JobScript.completes("Both platforms, one jar.").afterPolls(1));
    try (FakeDiscord discord = new FakeDiscord(); FakeTelegramApi telegram = new FakeTelegramApi()) {
      Process bot = startBot(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "DISCORD_BOT_TOKEN", FakeDiscord.TOKEN, "DISCORD_API_URL", discord.restBase(),
          "DISCORD_GATEWAY_URL", discord.gatewayUrl(), "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString()));
      try {
        discord.awaitCall(c -> c.method().equals("PUT") && c.path().endsWith("/commands"), Duration.ofSeconds(60));
        TgUser alice = TgUser.person(4242, "Alice");
        TgChat chat = TgChat.privateWith(alice);
        TgFile file = telegram.registerFile("voice/file_1.oga", new byte[] {'O', 'g', 'g', 'S', 7, 7, 7});
        int voiceId = telegram.message(chat, alice).voice(file, 3).send();
        SentMessage reply = Await.until("a transcript reply on Telegram", () -> telegram.sentMessages(chat.id()).stream()
            .filter(m -> m.text().contains("Both platforms, one jar.")).findFirst(), java.util.Optional::isPresent)
            .orElseThrow();
        assertThat(reply.replyTo()).contains(voiceId);
        // The command menu and the start lines are written beside the first answer, not before it.
        Await.until("the Telegram command menu", telegram::commandNames,
            names -> names.containsAll(List.of("transcribe", "auto", "language")));
        Await.until("both platforms' start lines", this::logSoFar,
            log -> log.contains("telegram started") && log.contains("discord started"));
      } finally {
        bot.destroy();
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(botLog()).contains("telegram started").contains("discord started")
          .doesNotContain(telegram.token()).doesNotContain(FakeDiscord.TOKEN).doesNotContain(aiml.apiKey());
    }
  }

  /**
   * 40 concurrent 2 MB voice notes through a bot with a 64 MB heap: every one answered. Before the
   * spool, each job held about three copies of its audio (240 MB here): this heap could not have held
   * them. The spool directory is empty afterwards.
   */
  @Test
  void fortyConcurrentLargeFilesAreAllAnsweredUnderASmallHeap() throws Exception {
    int jobs = 40;
    aiml.script(JobScript.completes("Heard under a small heap.").afterPolls(2));
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Path data = dir.resolve("data");
      Process bot = startBot(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "VOXSCRIBE_MAX_CONCURRENT_JOBS", Integer.toString(jobs), "VOXSCRIBE_DATA_DIR", data.toString()),
          "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-XX:ActiveProcessorCount=1"); // a tiny VPS
      try {
        long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (telegram.calls("getUpdates").isEmpty() && System.nanoTime() < started && bot.isAlive()) Thread.sleep(50);
        List<TgChat> chats = new java.util.ArrayList<>();
        List<com.fasterxml.jackson.databind.node.ObjectNode> updates = new java.util.ArrayList<>();
        for (int i = 0; i < jobs; i++) {
          byte[] audio = new byte[2 << 20];
          new java.util.Random(i).nextBytes(audio);
          System.arraycopy(new byte[] {'O', 'g', 'g', 'S'}, 0, audio, 0, 4);
          TgUser user = TgUser.person(7000 + i, "User" + i);
          TgChat chat = TgChat.privateWith(user);
          chats.add(chat);
          updates.add(telegram.message(chat, user).voice(telegram.registerFile("voice/big-" + i + ".oga", audio), 240).toUpdate());
        }
        telegram.pushAll(updates);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        java.util.function.LongSupplier answered = () -> chats.stream()
            .filter(c -> telegram.sentMessages(c.id()).stream().anyMatch(m -> m.text().startsWith("Heard under a small heap.")))
            .count();
        while (answered.getAsLong() < jobs && System.nanoTime() < deadline && bot.isAlive()) Thread.sleep(100);
        assertThat(answered.getAsLong()).as("answered; log:%n%s", botLog()).isEqualTo(jobs);
        assertThat(aiml.createCount()).isEqualTo(jobs);
        assertThat(aiml.uploads()).allSatisfy(u -> assertThat(u.audio()).hasValueSatisfying(a -> assertThat(a).hasSize(2 << 20)));
        try (java.util.stream.Stream<Path> left = Files.list(data.resolve("spool"))) {
          assertThat(left).as("spool files left").isEmpty();
        }
      } finally {
        bot.destroy();
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(botLog()).doesNotContain("OutOfMemoryError")
          .as("one CPU: the HTTP client's answers still go to a pool, not a new thread each")
          .contains("(1 CPUs, ").contains("async pool of 2)");
    }
  }

  @Test
  void webhookModeFromTheJarOutlastsAStalledClientAndRefusesForgedCalls() throws Exception {
    aiml.script(JobScript.completes("Hooked from the jar.").afterPolls(1));
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String secret = "jar-Webhook_secret-0123456789";
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Process bot = startBot(Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "TELEGRAM_WEBHOOK_URL", "http://127.0.0.1:" + port + "/hook", "TELEGRAM_WEBHOOK_PORT", String.valueOf(port),
          "TELEGRAM_WEBHOOK_BIND", "127.0.0.1", "TELEGRAM_WEBHOOK_SECRET", secret,
          "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString()));
      try (java.net.Socket stalled = new java.net.Socket()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (telegram.webhookUrl().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(telegram.webhookUrl()).as("setWebhook; log:%n%s", botLog()).isPresent();
        stalled.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5_000);
        stalled.getOutputStream().write("POST /hook HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));

        TgUser alice = TgUser.person(4343, "Alice");
        TgChat chat = TgChat.privateWith(alice);
        TgFile file = telegram.registerFile("voice/file_2.oga", new byte[] {'O', 'g', 'g', 'S', 8, 8, 8});
        assertThat(telegram.postToWebhook(telegram.message(chat, alice).voice(file, 3).toUpdate(),
            java.util.Optional.of("forged"))).isEqualTo(401);
        int voiceId = telegram.message(chat, alice).voice(file, 3).send();
        assertThat(telegram.webhookDeliveries()).containsExactly(200);
        while (System.nanoTime() < deadline && telegram.sentMessages(chat.id()).stream()
            .noneMatch(m -> m.text().contains("Hooked from the jar."))) {
          Thread.sleep(50);
        }
        assertThat(telegram.sentMessages(chat.id())).as("log:%n%s", botLog())
            .anySatisfy(m -> assertThat(m.replyTo()).contains(voiceId));
      } finally {
        bot.destroy();
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(botLog()).contains("Refused a webhook call with a wrong secret token")
          .doesNotContain(secret).doesNotContain(telegram.token()).doesNotContain(aiml.apiKey());
    }
  }

  @Test
  void aBrokenConfigFileNamesTheLineButNotTheKey() throws Exception {
    String key = "9f3c2a7b8d1e4f6a9b0c5d2e7f8a1b3c";
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_MODEL: nova-3\nAIML_API_KEY: [" + key + "\n");
    Files.write(dir.resolve("note.ogg"), new byte[] {'O', 'g', 'g', 'S'});
    Result r = java(Map.of(), "transcribe", "note.ogg");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("voxscribe.yml is not valid YAML at line").doesNotContain("\n")
        .doesNotContain(key.substring(0, 8));
  }

  /** The day's minutes are in the store when they are counted: a killed bot starts again with them. */
  @Test
  void aPersonsMinutesSurviveTheBotBeingKilled() throws Exception {
    aiml.script(JobScript.completes("Counted.").afterPolls(1));
    aiml.reportedDuration(java.util.OptionalDouble.empty()); // the lengths Telegram announces count
    try (FakeTelegramApi telegram = new FakeTelegramApi()) {
      Map<String, String> env = Map.of(
          "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
          "TELEGRAM_BOT_TOKEN", telegram.token(), "TELEGRAM_API_URL", telegram.baseUrl(),
          "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString(), "VOXSCRIBE_USER_MINUTES_PER_DAY", "1");
      TgUser alice = TgUser.person(4343, "Alice");
      TgChat chat = TgChat.privateWith(alice);
      Process bot = startBot(env);
      try {
        int first = telegram.message(chat, alice)
            .voice(telegram.registerFile("voice/a.oga", new byte[] {'O', 'g', 'g', 'S', 1}), 40).send();
        assertThat(replyTo(telegram, chat, first).text()).as("log:%n%s", botLog()).startsWith("Counted.");
      } finally {
        bot.destroyForcibly(); // SIGKILL: nothing is flushed on the way out
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      Process again = startBot(env);
      try {
        TgFile over = telegram.registerFile("voice/b.oga", new byte[] {'O', 'g', 'g', 'S', 2});
        int second = telegram.message(chat, alice).voice(over, 30).send();
        assertThat(replyTo(telegram, chat, second).text()).as("log:%n%s", botLog())
            .startsWith("⏳ That recording is longer than the 20 s you have left today (of 1 minute).");
        assertThat(telegram.downloads(over)).isZero();
        int usage = telegram.message(chat, alice).text("/usage").send();
        assertThat(replyTo(telegram, chat, usage).text()).startsWith("📊 Today you used 40 s of 1 min (1 transcription).");
        assertThat(aiml.createCount()).isEqualTo(1);
      } finally {
        again.destroy();
        assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  private static SentMessage replyTo(FakeTelegramApi telegram, TgChat chat, int messageId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      java.util.Optional<SentMessage> reply = telegram.sentMessages(chat.id()).stream()
          .filter(m -> m.replyTo().equals(java.util.Optional.of(messageId)) && !m.text().startsWith("🎧")).findFirst();
      if (reply.isPresent()) return reply.get();
      Thread.sleep(50); // polling a stand-in from a test thread; nothing here waits for time to pass
    }
    throw new AssertionError("no reply to message " + messageId + " within 60 s");
  }

  @Test
  void versionAndHelp() throws Exception {
    // The version and the commit the jar was built from (buildnumber-maven-plugin; "unknown" without git).
    String commit = Files.exists(Path.of("..", ".git")) ? "[0-9a-f]{10}" : "unknown";
    assertThat(java(Map.of(), "--version").out().strip()).matches("voxscribe \\d+\\.\\d+\\.\\d+\\S* \\(commit " + commit + "\\)");
    assertThat(java(Map.of(), "--help").exit()).isZero();
  }

  @Test
  void anUnreachableBotApiAtStartIsOneJsonLogLineNamingTheVariableAndTheAddress() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String token = "7012345678:AAHsecretSecretSecretSecretSecret123";
    Result r = java(Map.of("AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
        "TELEGRAM_BOT_TOKEN", token, "TELEGRAM_API_URL", "http://127.0.0.1:" + closed,
        "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString(), "VOXSCRIBE_LOG_FORMAT", "json"));
    assertThat(r.exit()).isEqualTo(1);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> logLines = r.err().lines().filter(l -> l.startsWith("{")).toList();
    assertThat(logLines).isNotEmpty();
    String failure = null;
    for (String line : logLines) {
      com.fasterxml.jackson.databind.JsonNode event = json.readTree(line);
      if (event.get("message").asText().contains("could not start")) failure = event.get("message").asText();
      assertThat(event.path("stack_trace").asText()).doesNotContain("\tat ");
      // Library noise has no place at WARN on an ordinary start (Micrometer's composite warned at each one).
      if (event.path("level_value").asInt() >= 30000) {
        assertThat(event.path("logger_name").asText()).as(line).startsWith("dev.voxscribe.");
      }
    }
    assertThat(failure).as(r.err()).contains("TELEGRAM_API_URL", "http://127.0.0.1:" + closed).doesNotContain("-1:");
    assertThat(r.err()).doesNotContain(token).doesNotContain("\tat ").contains("No platform could start");
  }
}
