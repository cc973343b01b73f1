package dev.voxscribe.core.transcribe;

import java.time.Duration;

/**
 * What is refused before anything is spent, and how much runs at once.
 *
 * @param maxBytes largest file accepted
 * @param maxAudio longest audio accepted (checked when the platform announces a length)
 * @param maxConcurrentJobs jobs running against the service at once
 * @param maxQueuedJobs jobs waiting for a slot; past this, requests fail fast as busy
 */
public record TranscriptionLimits(long maxBytes, Duration maxAudio, int maxConcurrentJobs, int maxQueuedJobs) {
  public TranscriptionLimits {
    if (maxBytes <= 0) throw new IllegalArgumentException("maximum file size must be positive, got " + maxBytes);
    if (maxAudio.isNegative() || maxAudio.isZero()) {
      throw new IllegalArgumentException("maximum audio length must be positive, got " + maxAudio);
    }
    if (maxConcurrentJobs < 1) {
      throw new IllegalArgumentException("concurrent jobs must be at least 1, got " + maxConcurrentJobs);
    }
    if (maxQueuedJobs < 0) throw new IllegalArgumentException("queued jobs must not be negative, got " + maxQueuedJobs);
  }

  /** The file size limit in whole mebibytes, for messages. */
  public long maxMegabytes() {
    return maxBytes / (1024 * 1024);
  }
}
