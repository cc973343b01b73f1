package dev.voxscribe.core.stt;

import java.time.Duration;

/**
 * Where polls land. The first at nine tenths of the expected time; then at the expected time; past
 * it, pauses growing by half each poll from a twentieth of the expected time, within the policy's
 * bounds. A pure function of its inputs, so it is tested without a clock.
 */
final class PollPlanner {
  private static final double GROWTH = 1.5;

  private final PollPolicy policy;

  PollPlanner(PollPolicy policy) {
    this.policy = policy;
  }

  Duration first(Duration expected) {
    return clamp(Duration.ofMillis(expected.toMillis() * 9 / 10), policy.minInterval(), maxFirst());
  }

  /**
   * @param elapsed time since the job was created
   * @param pollsPastExpected how many polls already happened at or after the expected time
   */
  Duration next(Duration expected, Duration elapsed, int pollsPastExpected) {
    Duration untilExpected = expected.minus(elapsed);
    if (untilExpected.compareTo(policy.minInterval()) >= 0) {
      return untilExpected;
    }
    long base = clampMillis(expected.toMillis() / 20, policy.minInterval().toMillis(), 1000);
    double grown = base * Math.pow(GROWTH, Math.max(0, pollsPastExpected));
    return clamp(Duration.ofMillis((long) Math.min(grown, Long.MAX_VALUE / 2)), policy.minInterval(), policy.maxInterval());
  }

  /** A wildly wrong estimate must not park a job for long: the first poll waits at most the job timeout. */
  private Duration maxFirst() {
    return policy.jobTimeout().compareTo(policy.minInterval()) > 0 ? policy.jobTimeout() : policy.minInterval();
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    if (d.compareTo(min) < 0) return min;
    return d.compareTo(max) > 0 ? max : d;
  }

  private static long clampMillis(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }
}
