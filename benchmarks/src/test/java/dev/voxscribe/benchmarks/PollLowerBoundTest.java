package dev.voxscribe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PollLowerBoundTest {
  @Test
  void onePollCanOnlyComeAtTheEndAndWaitsHalfTheSpreadOnAverage() {
    // Processing spread evenly over [10, 14]: a single poll must be at 14, so the mean wait is 2 s.
    assertThat(PollLowerBound.bound(10, 14, 1)).isCloseTo(2.0, within(0.01));
  }

  @Test
  void twoPollsAtBestGoAtTwoThirdsAndTheEnd() {
    // Polls at a + x·W and a + W, the second made only when the first finds it pending: minimising
    // W·(x² + (1 - x)²)/2 + price·(1 - x) with exactly 1 + (1 - x) = P polls expected. For P = 4/3,
    // x = 2/3 and the mean wait is W·(4/9 + 1/9)/2 = 5W/18.
    assertThat(PollLowerBound.bound(0, 1, 4.0 / 3)).isCloseTo(5.0 / 18, within(0.005));
  }

  @Test
  void moreGapsAllowedMeansLessWaitAndSpacingCloserThanEvenBeatsEvenSpacing() {
    double previous = Double.MAX_VALUE;
    for (int polls = 1; polls <= 8; polls++) {
      double bound = PollLowerBound.bound(27, 33, polls);
      assertThat(bound).isLessThan(previous);
      previous = bound;
      // Evenly spaced polls: k of them expect (k + 1) / 2 to be made and wait W / (2k); the best schedule
      // does better for the same expected number.
      int even = 2 * polls - 1;
      assertThat(bound).isLessThanOrEqualTo(6.0 / (2 * even) + 1e-3);
    }
  }

  @Test
  void thirtySecondsWithFivePollsCannotComeWithin200Milliseconds() {
    // 5 polls a job, one of them the early poll: 4 expected in the window.
    assertThat(PollLowerBound.bound(27, 33, 4)).isCloseTo(0.383, within(0.003));
    assertThat(PollLowerBound.bound(27, 33, 5)).isCloseTo(0.297, within(0.003));
    assertThat(PollLowerBound.pollsFor(27, 33, 0.2)).isCloseTo(7.18, within(0.05));
  }
}
