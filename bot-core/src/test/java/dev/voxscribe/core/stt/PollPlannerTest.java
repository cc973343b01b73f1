package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.voxscribe.core.stt.PollPlanner.Plan;
import dev.voxscribe.core.stt.ProcessingTimeEstimator.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollPlannerTest {
  private static final int LAST = ProcessingTimeEstimator.QUANTILES - 1;
  private final PollPolicy policy = PollPolicy.defaults(Duration.ofMinutes(10));
  private final PollPlanner planner = new PollPlanner(policy);

  /** E × ratio, the ratio uniform on [lo, hi]. */
  private static Forecast uniform(double e, double lo, double hi) {
    double[] r = new double[LAST + 1];
    for (int k = 0; k <= LAST; k++) r[k] = lo + (hi - lo) * k / LAST;
    return new Forecast(e, r, 10, 1);
  }

  /** E × ratio, the ratio log-uniform on [1/spread, spread] (a prior). */
  private static Forecast logUniform(double e, double spread) {
    double[] r = new double[LAST + 1];
    for (int k = 0; k <= LAST; k++) r[k] = Math.exp(-Math.log(spread) + 2 * Math.log(spread) * k / LAST);
    return new Forecast(e, r, 0, 1);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Monte Carlo of a plan: [mean added seconds, mean polls] over ready times drawn from the forecast. */
  private static double[] simulate(Forecast f, List<Duration> polls) {
    Random random = new Random(11);
    int n = 200_000;
    double added = 0;
    double count = 0;
    for (int i = 0; i < n; i++) {
      double p = random.nextDouble() * LAST;
      int k = (int) Math.floor(p);
      double t = k >= LAST ? f.quantile(LAST) : f.quantile(k) + (p - k) * (f.quantile(k + 1) - f.quantile(k));
      for (int j = 0; j < polls.size(); j++) {
        if (seconds(polls.get(j)) >= t) {
          added += seconds(polls.get(j)) - t;
          count += j + 1;
          break;
        }
      }
    }
    return new double[] {added / n, count / n};
  }

  @Test
  void pollsStayWithinTheDistributionAndTheLastOneCatchesItsEnd() {
    Forecast f = uniform(10, 0.9, 1.1);
    Plan plan = planner.plan(f, Duration.ZERO, 9);
    assertThat(plan.polls()).isNotEmpty().isSorted();
    assertThat(seconds(plan.polls().get(0))).isGreaterThan(9.0);
    assertThat(seconds(plan.polls().get(plan.polls().size() - 1))).isCloseTo(11.0, within(1e-6));
    for (int i = 1; i < plan.polls().size(); i++) {
      assertThat(plan.polls().get(i).minus(plan.polls().get(i - 1))).isGreaterThanOrEqualTo(policy.minInterval());
    }
  }

  @Test
  void thePlansExpectationsMatchASimulationOfIt() {
    for (Forecast f : List.of(uniform(10, 0.9, 1.1), uniform(4, 0.7, 1.3), logUniform(4, 3))) {
      Plan plan = planner.plan(f, Duration.ZERO, 9);
      double[] sim = simulate(f, plan.polls());
      assertThat(sim[0]).as("mean added for %s", f).isCloseTo(plan.expectedAdded(), within(0.02 + 0.03 * plan.expectedAdded()));
      assertThat(sim[1]).as("mean polls for %s", f).isCloseTo(plan.expectedPolls(), within(0.05 * plan.expectedPolls()));
    }
  }

  @Test
  void itBeatsEvenlySpacedPollsForTheSameNumberOfPolls() {
    Forecast prior = logUniform(6, 3);
    Plan plan = planner.plan(prior, Duration.ZERO, 9);
    int n = plan.polls().size();
    List<Duration> even = new ArrayList<>();
    double lo = prior.quantile(0);
    double hi = prior.quantile(LAST);
    for (int i = 1; i <= n; i++) even.add(Duration.ofNanos(Math.round((lo + (hi - lo) * i / n) * 1e9)));
    double[] ours = simulate(prior, plan.polls());
    double[] theirs = simulate(prior, even);
    double worth = seconds(policy.pollWorth());
    assertThat(ours[0] + worth * ours[1]).isLessThan(theirs[0] + worth * theirs[1]);
  }

  @Test
  void pollsGoWhereTheMassIs() {
    // half the jobs take 5-6 s, half 14-15 s: nothing is ever ready in between
    double[] r = ProcessingTimeEstimator.mixtureQuantiles(new double[] {0.5, 1.4}, new double[] {0.6, 1.5}, new double[] {1, 1});
    Forecast twoPeaks = new Forecast(10, r, 10, 1);
    Plan plan = planner.plan(twoPeaks, Duration.ZERO, 9);
    long between = plan.polls().stream().filter(p -> seconds(p) > 6.05 && seconds(p) < 14).count();
    long inPeaks = plan.polls().stream().filter(p -> seconds(p) > 5 && seconds(p) <= 6.05 || seconds(p) > 14).count();
    assertThat(between).isLessThanOrEqualTo(1);
    assertThat(inPeaks).isGreaterThanOrEqualTo(4);
  }

  @Test
  void theBudgetBoundsTheExpectedPollsAndMorePollsBuyLessLatency() {
    Forecast wide = uniform(30, 0.7, 1.3);
    Plan tight = planner.plan(wide, Duration.ZERO, 3);
    Plan generous = planner.plan(wide, Duration.ZERO, 9);
    assertThat(tight.expectedPolls()).isLessThanOrEqualTo(3);
    assertThat(generous.expectedPolls()).isLessThanOrEqualTo(9).isGreaterThan(tight.expectedPolls());
    assertThat(generous.expectedAdded()).isLessThan(tight.expectedAdded());
    // a cheaper poll buys more of them, within the same budget
    PollPlanner eager = new PollPlanner(policy.withPlanner(Duration.ofMillis(5), 30));
    assertThat(eager.plan(wide, Duration.ZERO, 30).expectedAdded()).isLessThan(generous.expectedAdded());
  }

  @Test
  void aNarrowDistributionNeedsFewPolls() {
    Plan plan = planner.plan(uniform(2, 0.95, 1.05), Duration.ZERO, 9);
    assertThat(plan.expectedPolls()).isLessThanOrEqualTo(2.5);
    assertThat(plan.expectedAdded()).isLessThan(0.06);
  }

  @Test
  void aReplanStartsAfterThePendingAnswerAndUsesWhatIsLeft() {
    Forecast f = uniform(10, 0.5, 1.5);
    Plan later = planner.plan(f, Duration.ofSeconds(12), 9);
    assertThat(later.polls()).isNotEmpty().allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofMillis(12_100)));
    assertThat(seconds(later.polls().get(later.polls().size() - 1))).isCloseTo(15, within(1e-6));
    assertThat(planner.plan(f, Duration.ofSeconds(16), 9)).isEqualTo(Plan.NONE);
  }

  @Test
  void pastThePlanPausesStartShortAndGrowWithinTheBounds() {
    Duration end = Duration.ofSeconds(10);
    assertThat(planner.tail(Duration.ofMillis(10_050), end)).isEqualTo(policy.minInterval());
    assertThat(planner.tail(Duration.ofMillis(11_000), end)).isEqualTo(Duration.ofMillis(500));
    assertThat(planner.tail(Duration.ofSeconds(20), end)).isEqualTo(Duration.ofSeconds(3)); // 15 % of the wait
    assertThat(planner.tail(Duration.ofMinutes(5), end)).isEqualTo(policy.maxInterval());
    // a forecast far too short: pauses grow by half each poll past its end
    Duration at = end;
    Duration previous = Duration.ZERO;
    for (int i = 0; i < 12; i++) {
      Duration pause = planner.tail(at, end);
      assertThat(pause).isGreaterThanOrEqualTo(previous);
      previous = pause;
      at = at.plus(pause);
    }
    assertThat(at).isGreaterThan(Duration.ofSeconds(13));
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
}
