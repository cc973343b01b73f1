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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Speaker turns and silence artefacts, through the whole stack against the stand-in's result shapes. */
class TidyTranscriptsTest {
  private final FakeAimlApi fake = new FakeAimlApi();
  private final TranscriptionStack stack = TranscriptionStack.start(
      new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), TranscriptionOptions.of("#g1_nova-2-general"),
      new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 4, 16), new CachePolicy(Duration.ofHours(1), 100),
      TranscriptionStack.fastPolls(Duration.ofSeconds(10)));

  @AfterEach
  void stop() {
    stack.close();
    fake.close();
  }

  private Transcript transcribe(String seed) throws Exception {
    return stack.service().transcribe(TranscriptionRequest.builder(
        AudioFetch.of(new AudioSource.Bytes(seed.getBytes(), "v.ogg", "audio/ogg"))).build()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void diarizedDeepgramWordsAreLaidOutByTurn() throws Exception {
    fake.script(JobScript.completes("Are you coming? Yes, in five minutes.").speakers("0", "0", "0", "1", "1", "1", "1"));
    Transcript t = transcribe("two people");
    assertThat(t.text()).isEqualTo("Speaker 1: Are you coming?\n\nSpeaker 2: Yes, in five minutes.");
    assertThat(t.words()).extracting(w -> w.speaker().orElseThrow()).containsExactly("0", "0", "0", "1", "1", "1", "1");
  }

  @Test
  void assemblyAiSpeakerLabelsAreLaidOutByTurn() throws Exception {
    fake.script(JobScript.completes("Hello there. Hi! Bye.").shape(JobScript.Shape.ASSEMBLYAI).speakers("A", "A", "B", "A"));
    assertThat(transcribe("assembly").text()).isEqualTo("Speaker 1: Hello there.\n\nSpeaker 2: Hi!\n\nSpeaker 1: Bye.");
  }

  @Test
  void withoutSpeakersTheTextIsAsTheServiceWroteIt() throws Exception {
    fake.script(JobScript.completes("Just me talking."));
    assertThat(transcribe("alone").text()).isEqualTo("Just me talking.");
  }

  @Test
  void anArtefactOfSilenceIsNoSpeechAndRealSpeechStays() throws Exception {
    fake.script(upload -> new String(upload.audio().orElseThrow()).equals("silence")
        ? JobScript.completes("Thank you for watching.").confidence(0.12)
        : JobScript.completes("Thank you for watching.").confidence(0.97));
    assertThat(transcribe("silence").isBlank()).isTrue();
    assertThat(transcribe("a real goodbye").text()).isEqualTo("Thank you for watching.");
  }

  @Test
  void theTidyingLayerHandsOnTheStacksMetricsAndSpool() {
    // Adapters time their replies and spool their downloads through the service they are given.
    assertThat(stack.service().metrics()).isSameAs(stack.metrics());
    AudioSpool spool = AudioSpool.temporary();
    stack.spoolingTo(spool);
    assertThat(stack.service().spool()).isSameAs(spool);
  }
}
