package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.spend.Spending;
import java.util.concurrent.CompletableFuture;

/** The one entry point adapters call. */
public interface TranscriptionService {

  /**
   * Transcribes, or answers from the cache. Limits are checked before the audio is fetched.
   *
   * @return completes with the transcript, or exceptionally with a {@code TranscriptionException};
   *     already complete when the answer came from the cache
   */
  CompletableFuture<Transcript> transcribe(TranscriptionRequest request);

  /** The limits this service enforces, for adapters' messages. */
  TranscriptionLimits limits();

  /** Quotas, the allowlist and the usage counters behind this service ({@code /usage}, {@code /stats}). */
  Spending spending();

  /**
   * Where adapters add what only they see (the time from transcript to reply sent). Services that
   * keep no metrics (test stand-ins) discard it.
   */
  default Metrics metrics() {
    return Metrics.DISCARDING;
  }

  /**
   * Where adapters spool the audio they download ({@link AudioSpool#writer}), so a job holds it in
   * a file rather than the heap. The service deletes a spooled file once it no longer needs it.
   */
  default AudioSpool spool() {
    return Spools.TEMPORARY;
  }
}
