package dev.voxscribe.config;

import java.time.Duration;

/**
 * What is refused before anything is spent, and how much runs at once.
 *
 * @param maxFileBytes {@code VOXSCRIBE_MAX_FILE_MB}, in bytes
 * @param maxAudio {@code VOXSCRIBE_MAX_AUDIO_SECONDS}
 * @param jobTimeout {@code VOXSCRIBE_JOB_TIMEOUT}
 * @param maxConcurrentJobs {@code VOXSCRIBE_MAX_CONCURRENT_JOBS}
 * @param maxQueuedJobs {@code VOXSCRIBE_MAX_QUEUED_JOBS}
 */
public record LimitsConfig(
    long maxFileBytes, Duration maxAudio, Duration jobTimeout, int maxConcurrentJobs, int maxQueuedJobs) {

  /** The file size limit in whole megabytes, as configured. */
  public long maxFileMegabytes() {
    return maxFileBytes / (1024 * 1024);
  }
}
