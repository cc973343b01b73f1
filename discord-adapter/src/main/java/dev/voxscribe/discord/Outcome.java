package dev.voxscribe.discord;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import java.time.Duration;
import java.util.Optional;

/** What became of one attachment: a transcript or a failure of a known kind. */
sealed interface Outcome {
  String filename();

  record Done(String filename, Transcript transcript, Optional<Duration> announcedLength) implements Outcome {}

  record Failed(String filename, TranscriptionException error) implements Outcome {}
}
