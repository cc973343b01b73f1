package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollPlannerTest {
  private final PollPolicy policy = PollPolicy.defaults(Duration.ofMinutes(10));
  private final PollPlanner planner = new PollPlanner(policy);

  @Test
  void firstPollLandsJustBeforeTheExpectedTime() {
    assertThat(planner.first(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(4500));
    assertThat(planner.first(Duration.ofMillis(10))).isEqualTo(policy.minInterval());
  }

  @Test
  void beforeTheExpectedTimeTheNextPollIsAtIt() {
    assertThat(planner.next(Duration.ofSeconds(5), Duration.ofMillis(4500), 0)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void pastTheExpectedTimePausesGrowAndAreCapped() {
    Duration e = Duration.ofSeconds(5);
    Duration p0 = planner.next(e, Duration.ofMillis(5000), 1);
    Duration p1 = planner.next(e, Duration.ofMillis(5400), 2);
    Duration p5 = planner.next(e, Duration.ofSeconds(30), 20);
    assertThat(p0).isGreaterThanOrEqualTo(policy.minInterval());
    assertThat(p1).isGreaterThan(p0);
    assertThat(p5).isEqualTo(policy.maxInterval());
  }

  @Test
  void backoffHonoursRetryAfterAndGrowsOtherwise() {
    Backoff backoff = new Backoff(policy, () -> 0.0);
    assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(1, Optional.of(Duration.ofMinutes(5)))).isEqualTo(policy.retryMax());
    assertThat(backoff.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.delay(2, Optional.empty())).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(30, Optional.empty())).isEqualTo(policy.retryMax().dividedBy(2));
    Backoff top = new Backoff(policy, () -> 0.999);
    assertThat(top.delay(2, Optional.empty())).isLessThanOrEqualTo(Duration.ofMillis(1000)).isGreaterThan(Duration.ofMillis(990));
  }

  @Test
  void estimatorLearnsFromFinishedJobs() {
    ProcessingTimeEstimator estimator = new ProcessingTimeEstimator(Duration.ofMillis(1500));
    assertThat(estimator.expected("m", Optional.empty())).isEqualTo(Duration.ofMillis(1500));
    assertThat(estimator.expected("m", Optional.of(Duration.ofSeconds(60)))).isEqualTo(Duration.ofMillis(7500));
    for (int i = 0; i < 40; i++) {
      estimator.observe("m", Optional.of(Duration.ofSeconds(10)), Optional.of(Duration.ofMillis(4800)), Duration.ofMillis(5200));
    }
    assertThat(estimator.expected("m", Optional.empty())).isBetween(Duration.ofMillis(4950), Duration.ofMillis(5050));
    // learned as half a second per audio second
    assertThat(estimator.expected("m", Optional.of(Duration.ofSeconds(20)))).isBetween(Duration.ofMillis(9900), Duration.ofMillis(10100));
    assertThat(estimator.expected("other", Optional.empty())).isEqualTo(Duration.ofMillis(1500));
  }
}
