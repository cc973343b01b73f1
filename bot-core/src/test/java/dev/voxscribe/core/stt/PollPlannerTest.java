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
  void aroundTheExpectedTimePollsComeEveryTwentieth() {
    Duration e = Duration.ofSeconds(5);
    assertThat(planner.next(e, Duration.ofMillis(4500), 0)).isEqualTo(Duration.ofMillis(250));
    assertThat(planner.late(e, Duration.ofMillis(5900))).isFalse();
    assertThat(planner.next(Duration.ofSeconds(60), Duration.ofSeconds(54), 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(planner.next(Duration.ofMillis(400), Duration.ofMillis(360), 0)).isEqualTo(policy.minInterval());
  }

  @Test
  void noJobWaitsLongerThanTheEarlyCapBeforeTheWindow() {
    assertThat(planner.first(Duration.ofSeconds(600))).isEqualTo(PollPlanner.MAX_EARLY_WAIT);
    assertThat(planner.next(Duration.ofSeconds(100), Duration.ofSeconds(30), 0)).isEqualTo(PollPlanner.MAX_EARLY_WAIT);
    assertThat(planner.next(Duration.ofSeconds(100), Duration.ofSeconds(80), 0)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void pastTheWindowPausesGrowAndAreCapped() {
    Duration e = Duration.ofSeconds(5);
    assertThat(planner.late(e, Duration.ofSeconds(6))).isTrue();
    Duration p1 = planner.next(e, Duration.ofSeconds(6), 1);
    Duration p2 = planner.next(e, Duration.ofMillis(6400), 2);
    assertThat(p1).isEqualTo(Duration.ofMillis(375));
    assertThat(p2).isGreaterThan(p1);
    assertThat(planner.next(e, Duration.ofSeconds(60), 20)).isEqualTo(policy.maxInterval());
  }

  @Test
  void backoffHonoursRetryAfterAndGrowsOtherwise() {
    Backoff backoff = new Backoff(policy, () -> 0.0);
    assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(1, Optional.of(Duration.ofMinutes(5)))).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.delay(3, Optional.of(Duration.ofMillis(1)))).isEqualTo(Duration.ofMillis(1000));
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
    assertThat(estimator.expected("m", Optional.of(Duration.ofSeconds(60)))).isEqualTo(Duration.ofMillis(4500));
    for (int i = 0; i < 40; i++) {
      estimator.observe("m", Optional.of(Duration.ofSeconds(10)), Optional.of(Duration.ofMillis(4800)), Duration.ofMillis(5200));
    }
    assertThat(estimator.expected("m", Optional.empty())).isBetween(Duration.ofMillis(4950), Duration.ofMillis(5050));
    // only one length seen so far: the weighted mean
    assertThat(estimator.expected("m", Optional.of(Duration.ofSeconds(20)))).isBetween(Duration.ofMillis(4950), Duration.ofMillis(5050));
    assertThat(estimator.expected("other", Optional.empty())).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void fixedAndPerSecondCostsAreFittedSeparately() {
    ProcessingTimeEstimator estimator = new ProcessingTimeEstimator(Duration.ofSeconds(1));
    // the service takes 2 s plus 0.03 s per audio second
    for (int i = 0; i < 30; i++) {
      int seconds = 3 + (i % 5) * 30;
      long ready = Math.round((2 + 0.03 * seconds) * 1000);
      estimator.observe("m", Optional.of(Duration.ofSeconds(seconds)), Optional.of(Duration.ofMillis(ready - 50)), Duration.ofMillis(ready + 50));
    }
    assertThat(estimator.expected("m", Optional.of(Duration.ofSeconds(600)))).isBetween(Duration.ofMillis(19_500), Duration.ofMillis(20_500));
    assertThat(estimator.expected("m", Optional.of(Duration.ofSeconds(3)))).isBetween(Duration.ofMillis(1_950), Duration.ofMillis(2_250));
  }

  @Test
  void anEstimateThatIsTooHighComesDownQuickly() {
    ProcessingTimeEstimator estimator = new ProcessingTimeEstimator(Duration.ofSeconds(10));
    for (int i = 0; i < 10; i++) {
      Duration first = estimator.expected("m", Optional.empty()).multipliedBy(9).dividedBy(10);
      estimator.observe("m", Optional.empty(), Optional.empty(), first); // done at the first poll every time
    }
    assertThat(estimator.expected("m", Optional.empty())).isLessThan(Duration.ofSeconds(5));
  }
}
