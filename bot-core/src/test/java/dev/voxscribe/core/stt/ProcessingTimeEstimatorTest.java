package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.voxscribe.core.stt.ProcessingTimeEstimator.Forecast;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProcessingTimeEstimatorTest {
  private static final int LAST = ProcessingTimeEstimator.QUANTILES - 1;
  private static final Optional<Duration> THIRTY_SECONDS = Optional.of(Duration.ofSeconds(30));

  private final ProcessingTimeEstimator estimator = new ProcessingTimeEstimator(ModelPriors.defaults());

  private static Duration s(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  @Test
  void anUnseenModelUsesItsPriorFromTheAudioLength() {
    Forecast whisper = estimator.forecast("#g1_whisper-large", THIRTY_SECONDS);
    assertThat(whisper.expectedSeconds()).isCloseTo(1 + 0.1 * 30, within(1e-9));
    assertThat(whisper.quantile(0)).isCloseTo(4.0 / 3, within(1e-6));
    assertThat(whisper.quantile(LAST)).isCloseTo(12.0, within(1e-6));
    assertThat(whisper.samples()).isZero();
    Forecast nova = estimator.forecast("#g1_nova-2-general", THIRTY_SECONDS);
    assertThat(nova.expectedSeconds()).isCloseTo(0.5 + 0.02 * 30, within(1e-9));
    assertThat(estimator.forecast("#g1_whisper-large", Optional.of(Duration.ofSeconds(300))).expectedSeconds())
        .isCloseTo(31, within(1e-9));
  }

  @Test
  void theFirstFinishedJobReplacesThePriorAtOnce() {
    estimator.observe("#g1_whisper-large", THIRTY_SECONDS, s(9.6), s(10.4));
    Forecast f = estimator.forecast("#g1_whisper-large", THIRTY_SECONDS);
    assertThat(f.samples()).isEqualTo(1);
    assertThat(f.expectedSeconds()).isCloseTo(10, within(0.01));
    assertThat(f.at(0.5)).isCloseTo(10, within(0.05));
    // still wide after one job, but far narrower than the prior's 1/3x to 3x
    assertThat(f.quantile(0)).isBetween(7.5, 9.6);
    assertThat(f.quantile(LAST)).isBetween(10.4, 12.5);
    // the same speed carries over to other lengths, by the prior's shape
    assertThat(estimator.forecast("#g1_whisper-large", Optional.of(Duration.ofSeconds(60))).expectedSeconds())
        .isCloseTo(10 * 7.0 / 4, within(0.05));
    assertThat(estimator.forecast("#g1_whisper-base", THIRTY_SECONDS).samples()).isZero();
  }

  @Test
  void theSpreadNarrowsToWhatTheJobsShow() {
    Random random = new Random(7);
    for (int i = 0; i < 60; i++) {
      double ready = 10 * (0.9 + 0.2 * random.nextDouble());
      estimator.observe("m", THIRTY_SECONDS, s(ready - 0.05), s(ready + 0.05));
    }
    Forecast f = estimator.forecast("m", THIRTY_SECONDS);
    assertThat(f.expectedSeconds()).isCloseTo(10, within(0.3));
    assertThat(f.at(0.05)).isCloseTo(9.1, within(0.3)); // p5
    assertThat(f.at(0.5)).isCloseTo(10, within(0.3));
    assertThat(f.at(0.95)).isCloseTo(10.9, within(0.3)); // p95
    assertThat(f.quantile(0)).isGreaterThan(8.3);
    assertThat(f.quantile(LAST)).isLessThan(11.7);
  }

  @Test
  void fixedAndPerSecondCostsAreFittedSeparately() {
    // the service takes 2 s plus 0.03 s per audio second
    for (int i = 0; i < 30; i++) {
      int seconds = 3 + (i % 5) * 30;
      double ready = 2 + 0.03 * seconds;
      estimator.observe("m", Optional.of(Duration.ofSeconds(seconds)), s(ready - 0.05), s(ready + 0.05));
    }
    assertThat(estimator.forecast("m", Optional.of(Duration.ofSeconds(600))).expectedSeconds()).isCloseTo(20, within(0.5));
    assertThat(estimator.forecast("m", Optional.of(Duration.ofSeconds(3))).expectedSeconds()).isCloseTo(2.09, within(0.15));
  }

  /**
   * Polls as a learned plan makes them: the early one, then at fixed shares of the job's estimate. A
   * job ready before the first of them is known only to lie between the early poll and it.
   */
  private void observePolled(String model, double audioSeconds, double ready, double estimate, double[] shares) {
    double pending = 0.03;
    for (double share : shares) {
      double at = share * estimate;
      if (at >= ready) {
        estimator.observe(model, Optional.of(s(audioSeconds)), s(pending), s(at));
        return;
      }
      pending = at;
    }
    estimator.observe(model, Optional.of(s(audioSeconds)), s(pending), s(ready + 0.05));
  }

  private static double[] grid(double from, double to, double step) {
    int n = (int) Math.round((to - from) / step) + 1;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) g[i] = from + i * step;
    return g;
  }

  @Test
  void jobsCaughtByTheFirstPollOfAPlanAreNotSpreadBackToTheEarlyPoll() {
    // 12 s ± 10 %: the plan's first poll after the early one is at 0.96 of the estimate, so the 30 % of
    // jobs ready before it are known only as (0.03 s, 11.5 s]. Spread evenly over that, they would put
    // 2.5 % of the mass within a second or two and make every later plan poll there for nothing.
    Random random = new Random(11);
    double[] shares = grid(0.96, 1.2, 0.02);
    for (int i = 0; i < 64; i++) observePolled("m", 110, 12 * (0.9 + 0.2 * random.nextDouble()), 12, shares);
    Forecast f = estimator.forecast("m", Optional.of(s(110)));
    assertThat(f.at(0.025)).as("p2.5").isGreaterThan(0.85 * 12);
    assertThat(f.quantile(0)).as("lowest").isGreaterThan(0.75 * 12);
    assertThat(f.at(0.10)).as("p10").isCloseTo(0.92 * 12, within(0.4));
    assertThat(f.at(0.5)).isCloseTo(12, within(0.4));
  }

  @Test
  void jobsFoundLateInThePlansTailDoNotStretchTheSpreadToTheirLastPoll() {
    // Most jobs are seen within 2 % of their time; a few ran late, into pauses that grow past the plan.
    Random random = new Random(5);
    for (int i = 0; i < 56; i++) {
      double ready = 10 * (0.9 + 0.2 * random.nextDouble());
      estimator.observe("m", THIRTY_SECONDS, s(ready - 0.1), s(ready + 0.1));
    }
    for (int i = 0; i < 8; i++) estimator.observe("m", THIRTY_SECONDS, s(11.2), s(16));
    Forecast f = estimator.forecast("m", THIRTY_SECONDS);
    assertThat(f.at(0.975)).as("p97.5").isLessThan(12.5);
    assertThat(f.at(0.5)).isCloseTo(10.2, within(0.4));
  }

  @Test
  void theLineIsFittedWithoutLeavingOutTheJobsThatFinishEarly() {
    // 1 s + 0.1 s per audio second, ± 30 %, audio 3-180 s; plans poll from 0.8 of the estimate, so
    // the quickest sixth of the jobs are known only as (early poll, 0.8 E]. Their midpoints would fit
    // the service far too fast, and dropping them, too slow.
    Random random = new Random(3);
    double[] shares = grid(0.8, 1.5, 0.03);
    for (int i = 0; i < 64; i++) {
      double audio = Math.exp(Math.log(3) + random.nextDouble() * Math.log(60));
      double estimate = 1 + 0.1 * audio;
      observePolled("m", audio, estimate * (0.7 + 0.6 * random.nextDouble()), estimate, shares);
    }
    assertThat(estimator.forecast("m", Optional.of(s(180))).expectedSeconds()).isCloseTo(19, within(19 * 0.06));
    assertThat(estimator.forecast("m", Optional.of(s(3))).expectedSeconds()).isCloseTo(1.3, within(1.3 * 0.1));
    Forecast f = estimator.forecast("m", Optional.of(s(30)));
    assertThat(f.at(0.025) / f.expectedSeconds()).as("p2.5 ÷ E").isCloseTo(0.715, within(0.08));
    assertThat(f.at(0.975) / f.expectedSeconds()).as("p97.5 ÷ E").isCloseTo(1.285, within(0.08));
  }

  @Test
  void anyMixOfJobsGivesFiniteOrderedQuantiles() {
    // Results ready at once, jobs stuck for minutes, zero-width intervals, the same interval many times,
    // lengths from a second to an hour: whatever the jobs, the forecast stays a distribution.
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      String model = "m" + (round % 7);
      double audio = random.nextInt(10) == 0 ? 3600 : 1 + random.nextDouble() * 300;
      double lo = switch (random.nextInt(5)) {
        case 0 -> 0;
        case 1 -> 0.03;
        default -> random.nextDouble() * 60;
      };
      double hi = switch (random.nextInt(4)) {
        case 0 -> lo;
        case 1 -> lo + random.nextDouble() * 600;
        default -> lo + random.nextDouble() * 2;
      };
      int repeat = random.nextInt(6) == 0 ? 20 : 1;
      for (int k = 0; k < repeat; k++) estimator.observe(model, Optional.of(s(audio)), s(lo), s(hi));
      for (double length : new double[] {1, 30, 3600}) {
        Forecast f = estimator.forecast(model, Optional.of(s(length)));
        assertThat(f.expectedSeconds()).isFinite().isPositive();
        assertThat(f.quantile(0)).isFinite().isGreaterThanOrEqualTo(0);
        for (int q = 1; q <= LAST; q++) {
          assertThat(f.quantile(q)).isFinite().isGreaterThanOrEqualTo(f.quantile(q - 1));
        }
        assertThat(new PollPlanner(PollPolicy.defaults(Duration.ofMinutes(10))).plan(f, Duration.ZERO, 9).polls())
            .isSorted();
      }
    }
  }

  @Test
  void jobsFinishingOnManyThreadsAtOnceAreAllLearned() throws Exception {
    // Refits are coalesced: a job added while another thread refits is taken in by one more refit. The
    // published fit must always end up as the fit of every job kept, the burst's last ones included.
    for (int round = 0; round < 30; round++) {
      ProcessingTimeEstimator e = new ProcessingTimeEstimator(ModelPriors.defaults());
      int threads = 8;
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 30; i++) {
              double ready = 10 + 0.01 * thread + 0.0001 * i; // every job different
              e.observe("m", THIRTY_SECONDS, s(ready - 0.1), s(ready + 0.1));
            }
            return null;
          }));
        }
        for (var f : done) f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      ProcessingTimeEstimator again = new ProcessingTimeEstimator(ModelPriors.defaults());
      e.snapshots().forEach(again::restore);
      Forecast published = e.forecast("m", THIRTY_SECONDS);
      Forecast whole = again.forecast("m", THIRTY_SECONDS);
      assertThat(published.expectedSeconds()).as("round %d", round).isEqualTo(whole.expectedSeconds());
      assertThat(published.ratios()).as("round %d", round).containsExactly(whole.ratios());
    }
  }

  @Test
  void resultsReadyAtOnceDoNotMakeThePendingOnesPollInTheGap() {
    // A quarter of the results are ready at once (cached, tiny files), the rest take 12 s ± 10 %. Once the
    // early poll has said "not yet", nothing is due until about 11 s: no poll belongs in between. Blurred
    // by the kernel, or spread between two coarse quantiles, the quick ones would put some there.
    Random random = new Random(8);
    double[] shares = grid(0.9, 1.2, 0.02);
    for (int i = 0; i < 64; i++) {
      if (i % 4 == 0) estimator.observe("m", Optional.of(s(110)), Duration.ZERO, s(0.03));
      else observePolled("m", 110, 12 * (0.9 + 0.2 * random.nextDouble()), 12, shares);
    }
    Forecast f = estimator.forecast("m", Optional.of(s(110)));
    assertThat(f.at(0.2)).as("p20").isLessThan(0.1);
    assertThat(f.at(0.3)).as("p30").isGreaterThan(10.5);
    PollPlanner.Plan plan = new PollPlanner(PollPolicy.defaults(Duration.ofMinutes(10))).plan(f, s(0.03), 9);
    assertThat(plan.polls().get(0)).as("first poll after a pending early poll").isGreaterThan(s(10));
  }

  @Test
  void jobsWithoutALengthAreLearnedApart() {
    estimator.observe("m", Optional.empty(), s(4.9), s(5.1));
    assertThat(estimator.forecast("m", Optional.empty()).expectedSeconds()).isCloseTo(5, within(0.01));
    assertThat(estimator.forecast("m", THIRTY_SECONDS).samples()).isZero();
  }

  @Test
  void resultsReadyAtOnceDoNotDragTheEstimateDown() {
    for (int i = 0; i < 10; i++) estimator.observe("m", THIRTY_SECONDS, s(9.9), s(10.1));
    for (int i = 0; i < 3; i++) estimator.observe("m", THIRTY_SECONDS, Duration.ZERO, s(0.05));
    Forecast f = estimator.forecast("m", THIRTY_SECONDS);
    assertThat(f.expectedSeconds()).isCloseTo(10, within(0.05));
    // but they are part of the distribution: some mass sits near zero
    assertThat(f.quantile(0)).isLessThan(0.5);
    assertThat(f.quantile(LAST)).isBetween(10.1, 11.0);
  }

  @Test
  void learningChangesTheVersion() {
    long before = estimator.forecast("m", THIRTY_SECONDS).version();
    estimator.observe("m", THIRTY_SECONDS, s(1), s(2));
    assertThat(estimator.forecast("m", THIRTY_SECONDS).version()).isNotEqualTo(before);
  }

  @Test
  void onlyTheNewestJobsAreKept() {
    for (int i = 0; i < 100; i++) estimator.observe("m", THIRTY_SECONDS, s(i < 50 ? 20 : 4.9), s(i < 50 ? 21 : 5.1));
    assertThat(estimator.snapshots()).singleElement().satisfies(snap ->
        assertThat(snap.jobs()).hasSize(ProcessingTimeEstimator.KEEP));
    assertThat(estimator.forecast("m", THIRTY_SECONDS).expectedSeconds()).isCloseTo(5, within(0.05));
  }

  @Test
  void aSnapshotRestoresTheSameForecastInAnotherEstimator() {
    Random random = new Random(3);
    for (int i = 0; i < 20; i++) {
      double ready = 3 + 7 * random.nextDouble();
      estimator.observe("#g1_nova-2-general", Optional.of(Duration.ofSeconds(5 + i * 10)), s(ready - 0.1), s(ready + 0.1));
    }
    estimator.observe("#g1_nova-2-general", Optional.empty(), s(2), s(2.5));
    List<EstimatorSnapshot> snapshots = estimator.snapshots();
    assertThat(snapshots).hasSize(2);

    ProcessingTimeEstimator restarted = new ProcessingTimeEstimator(ModelPriors.defaults());
    for (EstimatorSnapshot snap : snapshots) restarted.restore(EstimatorSnapshot.fromJson(snap.toJson()));
    for (Optional<Duration> audio : List.of(THIRTY_SECONDS, Optional.<Duration>empty())) {
      Forecast before = estimator.forecast("#g1_nova-2-general", audio);
      Forecast after = restarted.forecast("#g1_nova-2-general", audio);
      assertThat(after.expectedSeconds()).isCloseTo(before.expectedSeconds(), within(1e-9));
      assertThat(after.ratios()).containsExactly(before.ratios(), within(1e-9));
      assertThat(after.samples()).isEqualTo(before.samples());
    }
  }

  @Test
  void snapshotJsonIsVersionedAndCheckedOnRead() {
    estimator.observe("m", THIRTY_SECONDS, s(1), s(2));
    String json = estimator.snapshots().get(0).toJson();
    assertThat(json).contains("\"version\":1").contains("\"model\":\"m\"").contains("\"doneAt\":2.0");
    // unknown fields from a newer writer of the same version are ignored
    assertThat(EstimatorSnapshot.fromJson(json.replace("{\"version\"", "{\"note\":\"x\",\"version\"")).jobs()).hasSize(1);
    assertThatThrownBy(() -> EstimatorSnapshot.fromJson(json.replace("\"version\":1", "\"version\":2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
    assertThatThrownBy(() -> EstimatorSnapshot.fromJson("{\"version\":1,\"model\":\"m\",\"withLength\":true,"
        + "\"jobs\":[{\"audioSeconds\":30,\"pendingAt\":5,\"doneAt\":1}]}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EstimatorSnapshot.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EstimatorSnapshot.fromJson("{\"version\":1}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mixtureQuantilesAreExact() {
    // half the mass uniform on [0, 1], half on [3, 5]
    double[] q = ProcessingTimeEstimator.mixtureQuantiles(new double[] {0, 3}, new double[] {1, 5}, new double[] {1, 1});
    assertThat(q[0]).isEqualTo(0);
    assertThat(q[LAST / 4]).isCloseTo(0.5, within(1e-9));
    assertThat(q[LAST / 2]).isCloseTo(1.0, within(1e-9));
    assertThat(q[3 * LAST / 4]).isCloseTo(4.0, within(1e-9));
    assertThat(q[LAST]).isCloseTo(5.0, within(1e-9));
  }
}
