package dev.voxscribe.core.format;

import static dev.voxscribe.core.format.SubtitlesTest.w;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerTurnsTest {
  @Test
  void deepgramSpeakersAreNumberedFromOneWithAParagraphPerTurn() {
    String text = SpeakerTurns.layout(List.of(w("Hi,", 0, 0.3, "0"), w("Bob.", 0.4, 0.7, "0"),
        w("Hello", 1, 1.3, "1"), w("Alice.", 1.4, 1.8, "1"), w("Shall", 2, 2.2, "0"), w("we?", 2.3, 2.5, "0"))).orElseThrow();
    assertThat(text).isEqualTo("Speaker 1: Hi, Bob.\n\nSpeaker 2: Hello Alice.\n\nSpeaker 1: Shall we?");
  }

  @Test
  void assemblyAiLabelsAreNumberedInTheOrderTheySpeak() {
    String text = SpeakerTurns.layout(List.of(w("Yes.", 0, 0.3, "B"), w("No.", 1, 1.3, "A"))).orElseThrow();
    assertThat(text).isEqualTo("Speaker 1: Yes.\n\nSpeaker 2: No.");
  }

  @Test
  void noSpeakersNoLayout() {
    assertThat(SpeakerTurns.layout(List.of(w("plain", 0, 0.3)))).isEmpty();
    assertThat(SpeakerTurns.layout(List.of())).isEmpty();
  }
}
