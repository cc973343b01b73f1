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
 * @param priors what is assumed of a model's processing time before any of its jobs has finished
 * @param instantPoll when the first poll goes out, for results that are ready at once; ZERO: no such poll
 * @param pollWorth how much added latency one poll is worth saving: the planner's price of a poll (for
 *     short jobs 1.5 % of their expected time, when that is less)
 * @param pollBudget the most polls a job's plan may expect to make (the early poll included)
 */
public record PollPolicy(
    Duration jobTimeout,
    Duration minInterval,
    Duration maxInterval,
    int maxAttempts,
    Duration retryBase,
    Duration retryMax,
    ModelPriors priors,
    Duration instantPoll,
    Duration pollWorth,
    int pollBudget) {

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
    if (maxAttempts < 1) throw new IllegalArgumentException("attempts must be at least 1, got " + maxAttempts);
    if (instantPoll.isNegative()) throw new IllegalArgumentException("early poll must not be negative, got " + instantPoll);
    positive(pollWorth, "poll worth");
    if (pollBudget < 2) throw new IllegalArgumentException("poll budget must be at least 2, got " + pollBudget);
  }

  /**
   * One prior of {@code initialEstimate} for every model whatever the audio's length, and the
   * default planner settings (tests of other modules).
   */
  public PollPolicy(Duration jobTimeout, Duration minInterval, Duration maxInterval, int maxAttempts,
      Duration retryBase, Duration retryMax, Duration initialEstimate) {
    this(jobTimeout, minInterval, maxInterval, maxAttempts, retryBase, retryMax,
        ModelPriors.uniform(new ProcessingPrior(initialEstimate.isZero() ? Duration.ofMillis(1) : initialEstimate,
            Duration.ZERO, 3)),
        minInterval.compareTo(DEFAULT_INSTANT_POLL) > 0 ? minInterval : DEFAULT_INSTANT_POLL,
        DEFAULT_POLL_WORTH, DEFAULT_POLL_BUDGET);
  }

  /** The first poll goes out this soon: a result ready at once is then picked up within ~0.1 s. */
  static final Duration DEFAULT_INSTANT_POLL = Duration.ofMillis(30);
  /** A poll is worth 50 ms of latency: the planner adds one where it saves more than that on average. */
  static final Duration DEFAULT_POLL_WORTH = Duration.ofMillis(50);
  /** At most ten polls expected per job, even for a model never seen before. */
  static final int DEFAULT_POLL_BUDGET = 10;

  /** Production defaults around the given job timeout. */
  public static PollPolicy defaults(Duration jobTimeout) {
    return new PollPolicy(
        jobTimeout, Duration.ofMillis(100), Duration.ofSeconds(5), 5, Duration.ofMillis(500), Duration.ofSeconds(30),
        ModelPriors.defaults(), DEFAULT_INSTANT_POLL, DEFAULT_POLL_WORTH, DEFAULT_POLL_BUDGET);
  }

  /** This policy with another price per poll and budget (benchmarks). */
  public PollPolicy withPlanner(Duration worth, int budget) {
    return new PollPolicy(jobTimeout, minInterval, maxInterval, maxAttempts, retryBase, retryMax, priors, instantPoll,
        worth, budget);
  }

  /** This policy with other priors. */
  public PollPolicy withPriors(ModelPriors p) {
    return new PollPolicy(jobTimeout, minInterval, maxInterval, maxAttempts, retryBase, retryMax, p, instantPoll,
        pollWorth, pollBudget);
  }

  private static void positive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, got " + d);
  }
}
