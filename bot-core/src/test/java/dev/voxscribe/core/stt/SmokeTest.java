package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.transcribe.AudioFetch;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void uploadThenPollGivesTheTranscript() throws Exception {
    try (FakeAimlApi fake = new FakeAimlApi();
        TranscriptionStack stack = TranscriptionStack.start(
            new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()),
            TranscriptionOptions.of("#g1_whisper-large"),
            new TranscriptionLimits(20 << 20, Duration.ofMinutes(20), 4, 10),
            new CachePolicy(Duration.ofHours(1), 100),
            TranscriptionStack.fastPolls(Duration.ofSeconds(10)))) {
      fake.script(JobScript.completes("Hello there. General Kenobi!").afterPolls(2));
      Transcript t = stack.service().transcribe(TranscriptionRequest.builder(
          AudioFetch.of(new AudioSource.Bytes(new byte[] {1, 2, 3}, "voice.ogg", "audio/ogg"))).build())
          .get(10, TimeUnit.SECONDS);
      assertThat(t.text()).isEqualTo("Hello there. General Kenobi!");
      assertThat(fake.uploads()).hasSize(1);
      assertThat(fake.uploads().get(0).filename()).contains("voice.ogg");
      assertThat(fake.pollCount()).isEqualTo(3);
    }
  }
}
