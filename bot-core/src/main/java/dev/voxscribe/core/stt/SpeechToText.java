package dev.voxscribe.core.stt;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A whole transcription job: create, then wait for the final result. */
public interface SpeechToText {

  /** A job the service took: what a restart needs to poll it again instead of paying twice. */
  record Started(String generationId, Instant createdAt) {}

  /**
   * @param audioDuration the audio's length when the platform said it: places the first polls
   * @return completes with the transcript, or exceptionally with a {@code TranscriptionException}
   */
  CompletableFuture<Transcript> transcribe(
      AudioSource audio, TranscriptionOptions options, Optional<Duration> audioDuration);

  /**
   * {@link #transcribe(AudioSource, TranscriptionOptions, Optional)}, telling {@code onStarted} as
   * soon as the service has taken the job (before its result is known).
   */
  default CompletableFuture<Transcript> transcribe(
      AudioSource audio, TranscriptionOptions options, Optional<Duration> audioDuration, Consumer<Started> onStarted) {
    return transcribe(audio, options, audioDuration);
  }

  /**
   * {@link #transcribe(AudioSource, TranscriptionOptions, Optional, Consumer)}, running {@code whole}
   * before the create can reach the service whole (see {@link SpeechApi#createAsync(AudioSource,
   * TranscriptionOptions, String, Duration, java.util.function.Supplier)}): a short store write that
   * says "from here on, the service may have it". This default runs it before anything is sent.
   */
  default CompletableFuture<Transcript> transcribe(AudioSource audio, TranscriptionOptions options,
      Optional<Duration> audioDuration, Runnable whole, Consumer<Started> onStarted) {
    whole.run();
    return transcribe(audio, options, audioDuration, onStarted);
  }

  /** Polls a job created before (by this process or one before it) until it is final. */
  default CompletableFuture<Transcript> resume(
      Started started, TranscriptionOptions options, Optional<Duration> audioDuration) {
    return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.NOT_FOUND,
        "this speech service cannot resume generation " + started.generationId()));
  }
}
