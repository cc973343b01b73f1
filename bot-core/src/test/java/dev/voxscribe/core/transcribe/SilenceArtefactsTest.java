package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SilenceArtefactsTest {
  private static Transcript transcript(String text, double confidence) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    for (String token : text.split("\\s+")) {
      words.add(new Word(token, Duration.ofMillis(i * 400L), Duration.ofMillis(i * 400L + 300), Optional.of(confidence),
          Optional.empty()));
      i++;
    }
    return new Transcript(text, Optional.of("en"), Optional.of(Duration.ofSeconds(4)), words, "gen-1", "#g1_whisper-large");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Thank you for watching.", "Thanks for watching!", "thank you.", "Subtitles by the Amara.org community",
      "Subtitles by SubtitleKing", "Untertitel der Amara.org-Community", "Sous-titres réalisés par la communauté d'Amara.org",
      "you you you you", "Bye. Bye. Bye.", "Продолжение следует...", "ご視聴ありがとうございました", "♪ ♪", "[Music]"})
  void artefactsHeardWithLowConfidenceAreNoSpeech(String text) {
    Transcript t = transcript(text, 0.3);
    assertThat(SilenceArtefacts.isArtefact(t)).isTrue();
    Transcript cleaned = SilenceArtefacts.clean(t);
    assertThat(cleaned.isBlank()).isTrue();
    assertThat(cleaned.words()).isEmpty();
    assertThat(cleaned.generationId()).isEqualTo("gen-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Thank you for watching.", "you you you"})
  void theSameWordsSaidClearlyAreKept(String text) {
    assertThat(SilenceArtefacts.isArtefact(transcript(text, 0.95))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Thank you for watching my cat, she is lovely.", "Call me back tomorrow.", "no",
      "The subtitles by the door are wrong."})
  void realSpeechIsNeverAnArtefact(String text) {
    assertThat(SilenceArtefacts.isArtefact(transcript(text, 0.2))).isFalse();
  }

  @Test
  void aTextOnlyResultCountsAsUnconfident() {
    Transcript t = new Transcript("Thank you for watching.", Optional.empty(), Optional.empty(), List.of(), "g", "openai/gpt-4o-transcribe");
    assertThat(SilenceArtefacts.isArtefact(t)).isTrue();
  }

  @Test
  void aBlankTranscriptStaysAsItIs() {
    Transcript t = new Transcript("", Optional.empty(), Optional.empty(), List.of(), "g", "m");
    assertThat(SilenceArtefacts.clean(t)).isSameAs(t);
  }
}
