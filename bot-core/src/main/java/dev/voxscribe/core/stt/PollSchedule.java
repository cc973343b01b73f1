package dev.voxscribe.core.stt;

import dev.voxscribe.core.stt.PollPlanner.Plan;
import dev.voxscribe.core.stt.ProcessingTimeEstimator.Forecast;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When one job polls: a very early poll for results that are ready at once, then the planner's
 * list, replanned from the current state whenever its model learns (so the first job to finish
 * improves every job still waiting), then the planner's tail. Times are since the job's creation,
 * measured when each poll is sent. Not thread-safe: a job runs one step at a time.
 */
final class PollSchedule {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PollSchedule.class);
  private final PollPlanner planner;
  private final ProcessingTimeEstimator estimator;
  private final PollPolicy policy;
  private final String model;
  private final Optional<Duration> audio;
  private Forecast forecast;
  private Plan plan;
  /** When the current plan was made: where the tail starts if it has no polls at all. */
  private Duration planStart = Duration.ZERO;
  private int polls;
  private Duration lastPending = Duration.ZERO;

  PollSchedule(PollPlanner planner, ProcessingTimeEstimator estimator, PollPolicy policy, String model,
      Optional<Duration> audio) {
    this.planner = planner;
    this.estimator = estimator;
    this.policy = policy;
    this.model = model;
    this.audio = audio;
    this.forecast = estimator.forecast(model, audio);
    this.plan = planner.plan(forecast, Duration.ZERO, windowBudget());
    if (log.isDebugEnabled()) log.debug("Planned for {}: {}", forecast, plan);
  }

  /** The polls a plan may expect to make: the budget, less the early poll. */
  private double windowBudget() {
    return Math.max(1, policy.pollBudget() - (policy.instantPoll().isZero() ? 0 : 1));
  }

  Forecast forecast() {
    return forecast;
  }

  /** When to send the first poll: the early one, unless the plan starts even sooner. */
  Duration first() {
    Duration instant = policy.instantPoll();
    Optional<Duration> planned = plan.polls().stream().findFirst();
    if (!instant.isZero() && planned.map(p -> p.compareTo(instant) > 0).orElse(true)) return instant;
    return planned.orElse(policy.minInterval());
  }

  /** When to send the next poll, after the one sent at {@code sentAt} answered "pending". */
  Duration afterPending(Duration sentAt) {
    polls++;
    lastPending = sentAt;
    Forecast latest = estimator.forecast(model, audio);
    if (latest.version() != forecast.version()) {
      forecast = latest;
      // The full budget again: it bounds what the plan expects from here on, given "pending now".
      plan = planner.plan(forecast, sentAt, windowBudget());
      planStart = sentAt;
      if (log.isDebugEnabled()) log.debug("Replanned at {} for {}: {}", sentAt, forecast, plan);
    }
    Duration soonest = sentAt.plus(policy.minInterval().dividedBy(2));
    List<Duration> planned = plan.polls();
    for (Duration p : planned) {
      if (p.compareTo(soonest) >= 0) return p;
    }
    Duration planEnd = planned.isEmpty() ? planStart : planned.get(planned.size() - 1);
    return sentAt.plus(planner.tail(sentAt, planEnd));
  }

  /** The poll sent at {@code sentAt} found the result: the estimator learns from it. */
  void done(Duration sentAt) {
    estimator.observe(model, audio, lastPending, sentAt);
  }
}
