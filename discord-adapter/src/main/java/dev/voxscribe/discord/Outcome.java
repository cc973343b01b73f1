package dev.voxscribe.discord;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import java.time.Duration;
import java.util.Optional;

/** What became of one attachment: a transcript or a failure of a known kind. */
sealed interface Outcome {
  String filename();

  /** @param summary shown above the transcript: a long voice message's automatic summary */
  record Done(String filename, Transcript transcript, Optional<Duration> announcedLength, Optional<String> summary)
      implements Outcome {
    Done(String filename, Transcript transcript, Optional<Duration> announcedLength) {
      this(filename, transcript, announcedLength, Optional.empty());
    }

    Done withSummary(String text) {
      return new Done(filename, transcript, announcedLength, Optional.of(text));
    }
  }

  record Failed(String filename, TranscriptionException error) implements Outcome {}
}
