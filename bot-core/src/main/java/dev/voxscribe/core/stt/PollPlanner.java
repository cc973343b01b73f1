package dev.voxscribe.core.stt;

import java.time.Duration;

/**
 * Where polls land around the expected ready time E: the first at 0.9·E; then every E/20 (within
 * the policy's bounds, at most a second) until 1.2·E; past that, pauses grow by half each poll up
 * to the policy's maximum. With a good estimate a job costs about four polls and its result is
 * picked up within E/20 of being ready. A pure function of its inputs, tested without a clock.
 */
final class PollPlanner {
  private static final double GROWTH = 1.5;
  /**
   * The longest wait before the window: an estimate can be wrong (a long recording on a fast
   * model), and a job should never sit unpolled for minutes because of it.
   */
  static final Duration MAX_EARLY_WAIT = Duration.ofSeconds(15);

  private final PollPolicy policy;

  PollPlanner(PollPolicy policy) {
    this.policy = policy;
  }

  Duration first(Duration expected) {
    return clamp(scale(expected, 0.9), policy.minInterval(), earlyCap());
  }

  private Duration earlyCap() {
    return MAX_EARLY_WAIT.compareTo(policy.minInterval()) > 0 ? MAX_EARLY_WAIT : policy.minInterval();
  }

  /** Whether a poll at {@code elapsed} is past the window around the expected time. */
  boolean late(Duration expected, Duration elapsed) {
    return elapsed.compareTo(scale(expected, 1.2)) >= 0;
  }

  /**
   * @param elapsed time since the job was created
   * @param latePolls polls already made past the window ({@link #late})
   */
  Duration next(Duration expected, Duration elapsed, int latePolls) {
    Duration step = clamp(expected.dividedBy(20), policy.minInterval(), Duration.ofSeconds(1));
    if (step.compareTo(policy.maxInterval()) > 0) step = policy.maxInterval();
    Duration untilFirst = scale(expected, 0.9).minus(elapsed);
    if (untilFirst.compareTo(step) > 0) return untilFirst.compareTo(earlyCap()) > 0 ? earlyCap() : untilFirst;
    if (latePolls <= 0) return step;
    double grown = step.toMillis() * Math.pow(GROWTH, Math.min(latePolls, 40));
    return clamp(Duration.ofMillis((long) Math.min(grown, 1e12)), policy.minInterval(), policy.maxInterval());
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    if (d.compareTo(min) < 0) return min;
    return d.compareTo(max) > 0 ? max : d;
  }
}
