package dev.voxscribe.core.stt;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A whole transcription job: create, then wait for the final result. */
public interface SpeechToText {

  /**
   * @param audioDuration the audio's length when the platform said it: places the first polls
   * @return completes with the transcript, or exceptionally with a {@code TranscriptionException}
   */
  CompletableFuture<Transcript> transcribe(
      AudioSource audio, TranscriptionOptions options, Optional<Duration> audioDuration);
}
