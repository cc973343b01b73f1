package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.config.ConfigLoader;
import dev.voxscribe.config.VoxConfig;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running bot's /readyz against the real Telegram adapter and the key check, through the stand-ins. */
class ReadinessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final FakeTelegramApi telegram = new FakeTelegramApi();
  private final HttpClient http = HttpClient.newHttpClient();
  private BotCommand.Running running;
  private int port;

  @AfterEach
  void stop() {
    if (running != null) running.close();
    telegram.close();
    aiml.close();
  }

  private void startBot() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    VoxConfig config = ConfigLoader.load(Map.of(
        "AIML_API_KEY", aiml.apiKey(),
        "AIML_API_URL", aiml.baseUrl(),
        "TELEGRAM_BOT_TOKEN", telegram.token(),
        "TELEGRAM_API_URL", telegram.baseUrl(),
        "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString(),
        "VOXSCRIBE_METRICS_PORT", Integer.toString(port)), dir);
    running = BotCommand.start(config);
  }

  record Answer(int status, JsonNode body) {}

  private Answer readyz() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), JSON.readTree(r.body()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Polls /readyz until it answers as expected (a bounded wait on a condition, not a sleep for time). */
  private Answer awaitReadyz(String what, Predicate<Answer> expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Answer last = readyz();
    while (!expected.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last: " + last);
      Thread.sleep(20); // polling interval of the wait, not a wait for time to pass
      last = readyz();
    }
    return last;
  }

  @Test
  void readyzFlipsWhenTelegramGoesDownAndComesBack() throws Exception {
    startBot();
    Answer ready = awaitReadyz("ready", a -> a.status() == 200);
    assertThat(ready.body().at("/components/telegram/status").asText()).isEqualTo("UP");
    assertThat(ready.body().at("/components/speech/detail").asText()).contains("key accepted");

    telegram.outage(true);
    Answer down = awaitReadyz("telegram down", a -> a.status() == 503);
    assertThat(down.body().get("status").asText()).isEqualTo("DOWN");
    assertThat(down.body().at("/components/telegram/reason").asText()).contains("HTTP 502", "TELEGRAM_API_URL");
    assertThat(down.body().at("/components/speech/status").asText()).isEqualTo("UP");

    telegram.outage(false);
    Answer back = awaitReadyz("telegram back", a -> a.status() == 200);
    assertThat(back.body().at("/components/telegram/detail").asText()).isEqualTo("long polling");
  }

  @Test
  void readyzSaysWhyWhenTheKeyIsRejectedAndRecoversWhenItIsAcceptedAgain() throws Exception {
    startBot();
    awaitReadyz("ready", a -> a.status() == 200);
    String key = aiml.apiKey();
    aiml.acceptKey("sk-rotated-key-000000");
    running.keys().checkNow();
    Answer rejected = awaitReadyz("key rejected", a -> a.status() == 503);
    assertThat(rejected.body().at("/components/speech/reason").asText()).contains("rejected AIML_API_KEY (HTTP 401)");
    assertThat(rejected.body().at("/components/telegram/status").asText()).isEqualTo("UP");
    assertThat(rejected.body().toString()).doesNotContain(key);

    aiml.acceptKey(key);
    running.keys().checkNow();
    awaitReadyz("key accepted again", a -> a.status() == 200);
  }
}
