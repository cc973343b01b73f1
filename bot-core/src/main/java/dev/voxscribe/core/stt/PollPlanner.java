package dev.voxscribe.core.stt;

import dev.voxscribe.core.stt.ProcessingTimeEstimator.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Places a job's polls where its processing-time distribution has its mass, to minimise the
 * expected added latency (ready → picked up) plus a price per poll, within a budget of expected
 * polls. A pure function of its inputs, tested without a clock.
 *
 * <p>A poll only ever answers "not yet" or "done", so the best policy is a fixed list of times,
 * revised only when the distribution itself changes. The list is found exactly, on a grid over the
 * distribution's range, by dynamic programming: the cost of polling at g_j after a pending answer
 * at g_i is the expected wait of the results that became ready in between, plus the poll's price
 * times the chance that the job is still pending at g_i. A larger price is tried until the expected
 * number of polls fits the budget. Past the distribution's end the estimate was wrong: pauses then
 * grow with the time past it ({@link #tail}).
 */
final class PollPlanner {
  /** Grid points over the distribution's range. */
  static final int GRID = 96;
  /** For short jobs a poll is worth this share of the expected time, when that is below the policy's worth. */
  static final double RELATIVE_WORTH = 0.015;
  /** Past the plan, no pause is longer than this share of the time waited so far... */
  static final double TAIL_SHARE = 0.15;
  /** ...nor than this share of the time past the plan's end, so pauses grow by half each poll. */
  static final double TAIL_OVERSHOOT = 0.5;

  private final PollPolicy policy;

  PollPlanner(PollPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param polls when to poll, as times since creation, increasing
   * @param expectedPolls how many of them are expected to be made
   * @param expectedAdded the expected wait between ready and the poll that sees it, in seconds
   */
  record Plan(List<Duration> polls, double expectedPolls, double expectedAdded) {
    static final Plan NONE = new Plan(List.of(), 0, 0);
  }

  /**
   * The polls after a pending answer at {@code since} (ZERO: just created).
   *
   * @param budget the number of polls the plan may expect to make; at least 1
   */
  Plan plan(Forecast forecast, Duration since, double budget) {
    double t0 = since.toNanos() / 1e9;
    double gap = policy.minInterval().toNanos() / 1e9;
    double lastQuantile = forecast.quantile(ProcessingTimeEstimator.QUANTILES - 1);
    double f0 = cdf(forecast, t0);
    if (1 - f0 < 1e-6 || lastQuantile <= t0) return Plan.NONE; // by the forecast it is done: the tail takes over
    double from = Math.max(t0, forecast.quantile(0));
    double to = Math.max(lastQuantile, t0 + gap);
    int m = (int) Math.max(1, Math.min(GRID, Math.ceil((to - from) / (gap / 2))));
    double[] g = new double[m + 1];
    double[] f = new double[m + 1];
    double[] moment = new double[m + 1]; // ∫ t dF from t0 to g_k, of the distribution given "pending at t0"
    g[0] = t0;
    for (int k = 1; k <= m; k++) {
      g[k] = from + (to - from) * k / m;
      f[k] = k == m ? 1 : Math.max(f[k - 1], (cdf(forecast, g[k]) - f0) / (1 - f0));
      double lower = k == 1 ? from : g[k - 1];
      moment[k] = moment[k - 1] + (f[k] - f[k - 1]) * (lower + g[k]) / 2;
    }
    // A poll is worth pollWorth, or 1.5 % of the expected time for short jobs, whose every 100 ms shows.
    double price = Math.max(1e-4, Math.min(policy.pollWorth().toNanos() / 1e9, RELATIVE_WORTH * forecast.expectedSeconds()));
    Solved best = solve(g, f, moment, gap, price);
    if (best.polls > budget) {
      double low = price;
      double high = price;
      for (int i = 0; i < 40 && best.polls > budget; i++) {
        low = high;
        high *= 2;
        best = solve(g, f, moment, gap, high);
      }
      for (int i = 0; i < 12; i++) {
        double mid = Math.sqrt(low * high);
        Solved s = solve(g, f, moment, gap, mid);
        if (s.polls > budget) {
          low = mid;
        } else {
          high = mid;
          best = s;
        }
      }
    }
    List<Duration> polls = new ArrayList<>();
    for (int i = best.next[0]; i > 0; i = best.next[i]) {
      polls.add(Duration.ofNanos(Math.round(g[i] * 1e9)));
      if (i == m) break;
    }
    return new Plan(List.copyOf(polls), best.polls, best.added);
  }

  /**
   * Pause before the next poll once the plan has run out at {@code planEnd}: just past the end of
   * the forecast the result is most likely near, so pauses start short and grow with the time past
   * it, up to a share of the whole wait and within the policy's bounds.
   */
  Duration tail(Duration elapsed, Duration planEnd) {
    Duration over = elapsed.minus(planEnd);
    Duration pause = Duration.ofNanos((long) Math.min(over.toNanos() * TAIL_OVERSHOOT, elapsed.toNanos() * TAIL_SHARE));
    if (pause.compareTo(policy.minInterval()) < 0) return policy.minInterval();
    return pause.compareTo(policy.maxInterval()) > 0 ? policy.maxInterval() : pause;
  }

  private record Solved(int[] next, double polls, double added) {}

  /** Backward induction: V(i) = min over j of wait(i, j) + price × P(pending at g_i) + V(j), with V(m) = 0. */
  private static Solved solve(double[] g, double[] f, double[] moment, double gap, double price) {
    int m = g.length - 1;
    double[] value = new double[m + 1];
    double[] polls = new double[m + 1];
    double[] added = new double[m + 1];
    int[] next = new int[m + 1];
    for (int i = m - 1; i >= 0; i--) {
      value[i] = Double.POSITIVE_INFINITY;
      double pending = 1 - f[i];
      for (int j = i + 1; j <= m; j++) {
        if (g[j] - g[i] < gap - 1e-9 && j < m) continue;
        if (g[j] - g[i] < gap - 1e-9 && j == m && i != 0) continue;
        if (value[j] == Double.POSITIVE_INFINITY) continue;
        double wait = g[j] * (f[j] - f[i]) - (moment[j] - moment[i]);
        double v = wait + price * pending + value[j];
        if (v < value[i]) {
          value[i] = v;
          next[i] = j;
          polls[i] = pending + polls[j];
          added[i] = wait + added[j];
        }
      }
    }
    return new Solved(next, polls[0], added[0]);
  }

  /** P(ready by {@code t} seconds), linear between the forecast's quantiles. */
  static double cdf(Forecast forecast, double t) {
    int last = ProcessingTimeEstimator.QUANTILES - 1;
    if (t < forecast.quantile(0)) return 0;
    if (t >= forecast.quantile(last)) return 1;
    // the first k with t < quantile(k), by bisection: quantile(lo) <= t < quantile(hi)
    int lo = 0, hi = last;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (t < forecast.quantile(mid)) hi = mid;
      else lo = mid;
    }
    double from = forecast.quantile(hi - 1);
    double to = forecast.quantile(hi);
    double within = to > from ? (t - from) / (to - from) : 1;
    return (hi - 1 + within) / last;
  }
}
