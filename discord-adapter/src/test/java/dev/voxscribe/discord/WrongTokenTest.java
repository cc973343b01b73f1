package dev.voxscribe.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.settings.SettingsStore;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import dev.voxscribe.core.transcribe.TranscriptionService;
import dev.voxscribe.testing.discord.FakeDiscord;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class WrongTokenTest {
  private static final String WRONG = "MTIzNDU2Nzg5MDEyMzQ1Njc4.wrong.token-that-must-not-leak";

  @Test
  void aRejectedTokenStopsStartWithAMessageThatDoesNotContainIt() {
    try (FakeDiscord discord = new FakeDiscord()) {
      DiscordPlatform platform = new DiscordPlatform(
          new DiscordConfig(Optional.of(WRONG), URI.create(discord.restBase()),
              Optional.of(URI.create(discord.gatewayUrl())), Optional.empty()),
          new NothingToTranscribe(), new MemorySettings(), Duration.ofSeconds(10));

      assertThatThrownBy(platform::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("DISCORD_BOT_TOKEN")
          .hasMessageNotContaining(WRONG);
      assertThat(discord.identifiedIntents()).isEmpty(); // never reached the gateway
      platform.close();
    }
  }

  @Test
  void anUnreachableRestUrlNamesTheVariableAndTheAddress() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String api = "http://127.0.0.1:" + closed + "/api/v10/";
    DiscordPlatform platform = new DiscordPlatform(
        new DiscordConfig(Optional.of(WRONG), URI.create(api), Optional.of(URI.create("ws://127.0.0.1:" + closed)),
            Optional.empty()),
        new NothingToTranscribe(), new MemorySettings(), Duration.ofSeconds(10));
    assertThatThrownBy(platform::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DISCORD_API_URL").hasMessageContaining(api).hasMessageContaining("ConnectException")
        .hasMessageNotContaining(WRONG);
    platform.close();
  }

  @Test
  void aMissingTokenIsRefusedAtConstruction() {
    assertThatThrownBy(() -> new DiscordPlatform(
        new DiscordConfig(Optional.empty(), URI.create("https://discord.com/api/v10/"), Optional.empty(), Optional.empty()),
        new NothingToTranscribe(), new MemorySettings()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DISCORD_BOT_TOKEN");
  }

  /** A service that is never called in these tests. */
  private static final class NothingToTranscribe implements TranscriptionService {
    @Override
    public CompletableFuture<Transcript> transcribe(TranscriptionRequest request) {
      return CompletableFuture.failedFuture(new AssertionError("no transcription expected"));
    }

    @Override
    public TranscriptionLimits limits() {
      return new TranscriptionLimits(1 << 20, Duration.ofMinutes(1), 1, 1);
    }

    @Override
    public dev.voxscribe.core.spend.Spending spending() {
      return dev.voxscribe.core.spend.Spending.unlimited(java.time.Clock.systemUTC(), new dev.voxscribe.core.Metrics());
    }
  }

  private static final class MemorySettings implements SettingsStore {
    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String scope, String key) {
      return Optional.ofNullable(values.get(scope + "\n" + key));
    }

    @Override
    public void put(String scope, String key, String value) {
      values.put(scope + "\n" + key, value);
    }

    @Override
    public void remove(String scope, String key) {
      values.remove(scope + "\n" + key);
    }

    @Override
    public Map<String, String> withKey(String scopePrefix, String key) {
      Map<String, String> found = new java.util.TreeMap<>();
      values.forEach((k, v) -> {
        int cut = k.indexOf('\n');
        if (k.startsWith(scopePrefix) && k.substring(cut + 1).equals(key)) found.put(k.substring(0, cut), v);
      });
      return found;
    }

    @Override
    public void close() {}
  }
}
