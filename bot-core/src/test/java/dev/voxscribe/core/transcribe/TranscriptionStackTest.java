package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole stack over real HTTP against the stand-in. */
class TranscriptionStackTest {
  @Test
  void concurrentIdenticalRequestsCauseOneCreateAndAreThenCached() throws Exception {
    try (FakeAimlApi fake = new FakeAimlApi();
        TranscriptionStack stack = TranscriptionStack.start(
            new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), TranscriptionOptions.of("#g1_whisper-large"),
            new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 32, 100),
            new CachePolicy(Duration.ofHours(1), 100), TranscriptionStack.fastPolls(Duration.ofSeconds(20)))) {
      fake.script(JobScript.completes("Once only.").afterPolls(3));
      byte[] audio = "same voice note".getBytes();
      List<CompletableFuture<Transcript>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(stack.service().transcribe(TranscriptionRequest.builder(
            () -> CompletableFuture.supplyAsync(() -> new AudioSource.Bytes(audio, "v.ogg", "audio/ogg"))).build()));
      }
      for (CompletableFuture<Transcript> f : all) assertThat(f.get(20, TimeUnit.SECONDS).text()).isEqualTo("Once only.");
      assertThat(fake.createCount()).isEqualTo(1);
      CompletableFuture<Transcript> later = stack.service().transcribe(
          TranscriptionRequest.builder(AudioFetch.of(new AudioSource.Bytes(audio, "again.ogg", "audio/ogg"))).build());
      assertThat(later).isDone();
      assertThat(fake.createCount()).isEqualTo(1);
      assertThat(stack.metrics().snapshot()).containsEntry("voxscribe_creates_total", 1L);
    }
  }
}
