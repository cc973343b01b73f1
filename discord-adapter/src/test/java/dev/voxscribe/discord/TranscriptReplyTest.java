package dev.voxscribe.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TranscriptReplyTest {
  private static final TranscriptionLimits LIMITS = new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 1, 1);

  @Test
  void shortTranscriptIsOneMessageWithLanguageAndLength() {
    TranscriptReply reply = TranscriptReply.of(List.of(done("a.ogg", "Hi there.", "en", 75)), LIMITS);

    assertThat(reply.messages()).containsExactly("Hi there.\n-# English · 1:15");
    assertThat(reply.file()).isEmpty();
    assertThat(reply.allFailed()).isFalse();
  }

  @Test
  void severalOutcomesAreLabelledWithTheirFileNamesInOrder() {
    TranscriptReply reply = TranscriptReply.of(List.of(
        done("one.mp3", "First.", "de", 0),
        new Outcome.Failed("two.mp3", new TranscriptionException(FailureKind.TOO_LARGE, "over")),
        done("three.mp3", "", "en", 0)), LIMITS);

    assertThat(reply.messages()).singleElement().isEqualTo(
        "**one.mp3**\nFirst.\n-# German\n\n"
            + "**two.mp3**\nThat file is too big for me: the limit is 20 MB.\n\n"
            + "**three.mp3**\n*I couldn't hear any speech in this one.*\n-# English");
  }

  @Test
  void longTranscriptIsCutIntoMessagesThatFitWithNothingLost() {
    String text = sentences(80);
    TranscriptReply reply = TranscriptReply.of(List.of(done("long.ogg", text, "en", 0)), LIMITS);

    assertThat(reply.messages()).hasSizeBetween(2, TranscriptReply.MAX_MESSAGES);
    assertThat(reply.messages()).allSatisfy(m -> assertThat(m.length()).isLessThanOrEqualTo(2000));
    assertThat(String.join("", reply.messages())).isEqualTo(text + "\n-# English");
  }

  @Test
  void veryLongTranscriptBecomesAFile() {
    String text = sentences(300);
    TranscriptReply reply = TranscriptReply.of(List.of(done("long.ogg", text, "en", 0)), LIMITS);

    assertThat(reply.messages()).containsExactly(Messages.ENGLISH.transcriptAsFile());
    assertThat(reply.file()).hasValueSatisfying(
        bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(text + "\n"));
  }

  @Test
  void allFailedIsMarkedSoCommandsAnswerPrivately() {
    TranscriptReply reply = TranscriptReply.of(List.of(
        new Outcome.Failed("x.ogg", new TranscriptionException(FailureKind.OUT_OF_CREDITS, "403 from the API"))), LIMITS);

    assertThat(reply.allFailed()).isTrue();
    assertThat(reply.messages()).singleElement().asString().doesNotContain("403").doesNotContain("credit");
  }

  @Test
  void lengthsAndLanguagesReadNaturally() {
  }

  private static Outcome done(String file, String text, String language, int seconds) {
    Optional<Duration> length = seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    return new Outcome.Done(file, new Transcript(text, Optional.of(language), length, List.of(), "gen-1", "m"),
        Optional.empty());
  }

  private static String sentences(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(k -> "Sentence " + k + " says something worth writing down.")
        .collect(Collectors.joining(" "));
  }
}
