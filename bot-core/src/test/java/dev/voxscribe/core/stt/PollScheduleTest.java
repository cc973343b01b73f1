package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A job's poll times in virtual time: no clock, no threads. */
class PollScheduleTest {
  private static final Optional<Duration> AUDIO = Optional.of(Duration.ofSeconds(30));
  private static final String MODEL = "#g1_whisper-large";

  private final PollPolicy policy = PollPolicy.defaults(Duration.ofMinutes(10));
  private final PollPlanner planner = new PollPlanner(policy);
  private final ProcessingTimeEstimator estimator = new ProcessingTimeEstimator(policy.priors());

  private PollSchedule job() {
    return new PollSchedule(planner, estimator, policy, MODEL, AUDIO);
  }

  /** Runs one job against a service that is ready at {@code ready}: [added seconds, polls]. */
  private double[] run(PollSchedule job, double ready) {
    Duration at = job.first();
    int polls = 0;
    while (true) {
      polls++;
      double t = at.toNanos() / 1e9;
      if (t >= ready) {
        job.done(at);
        return new double[] {t - ready, polls};
      }
      Duration next = job.afterPending(at);
      assertThat(next).isGreaterThan(at);
      at = next;
    }
  }

  @Test
  void theFirstPollComesAtOnceForResultsThatAreReadyAtOnce() {
    PollSchedule job = job();
    assertThat(job.first()).isEqualTo(policy.instantPoll());
    assertThat(policy.instantPoll()).isLessThanOrEqualTo(Duration.ofMillis(100));
    // then the plan, which for the prior (1/3 to 3 times 4 s) starts past 1.3 s
    assertThat(job.afterPending(policy.instantPoll())).isGreaterThan(Duration.ofMillis(1300));
  }

  @Test
  void withoutTheEarlyPollTheFirstPollIsThePlans() {
    PollPolicy noEarly = new PollPolicy(policy.jobTimeout(), policy.minInterval(), policy.maxInterval(),
        policy.maxAttempts(), policy.retryBase(), policy.retryMax(), policy.priors(), Duration.ZERO,
        policy.pollWorth(), policy.pollBudget());
    PollSchedule job = new PollSchedule(new PollPlanner(noEarly), estimator, noEarly, MODEL, AUDIO);
    assertThat(job.first()).isGreaterThan(Duration.ofMillis(1300));
  }

  @Test
  void theFirstFinishedJobReplansEveryJobStillWaiting() {
    PollSchedule first = job();
    PollSchedule waiting = job();
    Duration beforeLearning = job().afterPending(Duration.ofSeconds(2));
    assertThat(beforeLearning).isLessThan(Duration.ofSeconds(3)); // the prior keeps polling near 2 s
    run(first, 10.0);
    Duration afterLearning = waiting.afterPending(Duration.ofSeconds(2));
    assertThat(afterLearning).isGreaterThan(Duration.ofSeconds(7)); // now it waits for the learned time
  }

  @Test
  void pastTheForecastPausesGrowWithTheWait() {
    PollSchedule job = job();
    // the prior ends at 12 s; a job still pending at 20 s is in the tail
    Duration next = job.afterPending(Duration.ofSeconds(20));
    assertThat(next).isEqualTo(Duration.ofSeconds(20).plus(planner.tail(Duration.ofSeconds(20), Duration.ofSeconds(12))));
  }

  @Test
  void aColdJobIsPickedUpWithinASmallShareOfItsTimeAndTheLearnedOnesCloser() {
    Random random = new Random(5);
    double[] cold = run(job(), 4.0 * 1.7); // the service is 1.7 times slower than the prior guesses
    assertThat(cold[0]).isLessThan(0.12 * 4.0 * 1.7);
    assertThat(cold[1]).isLessThanOrEqualTo(policy.pollBudget());
    double added = 0;
    double polls = 0;
    for (int i = 0; i < 80; i++) {
      double[] r = run(job(), 6.8 * (0.9 + 0.2 * random.nextDouble()));
      if (i >= 40) {
        added += r[0] / 40;
        polls += r[1] / 40;
      }
    }
    assertThat(added).isLessThan(0.2);
    assertThat(polls).isLessThanOrEqualTo(6);
  }
}
