package dev.voxscribe.core.stt;

import java.time.Duration;

/**
 * How a job is waited for.
 *
 * @param jobTimeout give up this long after the first create attempt
 * @param minInterval the shortest pause between two polls
 * @param maxInterval the longest pause between two polls
 * @param maxAttempts attempts per request (create, or one poll) before a retryable failure is final
 * @param retryBase first retry pause; doubles each attempt, with jitter
 * @param retryMax the longest retry pause, {@code Retry-After} included
 * @param initialEstimate the processing time assumed before any job of a model has finished
 */
public record PollPolicy(
    Duration jobTimeout,
    Duration minInterval,
    Duration maxInterval,
    int maxAttempts,
    Duration retryBase,
    Duration retryMax,
    Duration initialEstimate) {

  public PollPolicy {
    positive(jobTimeout, "job timeout");
    positive(minInterval, "minimum poll interval");
    positive(retryBase, "retry base");
    if (maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException("maximum poll interval " + maxInterval + " is below the minimum " + minInterval);
    }
    if (retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("maximum retry pause " + retryMax + " is below the base " + retryBase);
    }
    if (initialEstimate.isNegative()) throw new IllegalArgumentException("initial estimate must not be negative, got " + initialEstimate);
    if (maxAttempts < 1) throw new IllegalArgumentException("attempts must be at least 1, got " + maxAttempts);
  }

  /** Production defaults around the given job timeout. */
  public static PollPolicy defaults(Duration jobTimeout) {
    return new PollPolicy(
        jobTimeout, Duration.ofMillis(250), Duration.ofSeconds(5), 5, Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofSeconds(1));
  }

  private static void positive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, got " + d);
  }
}
