package dev.voxscribe.benchmarks;

import java.util.Locale;

/**
 * The least mean added latency any poll schedule can reach for a processing time spread evenly
 * over [a, b] when the exact distribution is known, for a given number of polls per job on
 * average: a bound for the "fixed N s ± 10 %" rows of the polling benchmark, whatever the planner.
 *
 * <p>A poll only answers "not yet" or "done", so the best policy for a known distribution is a fixed
 * list of times. It is found by dynamic programming on a fine grid, minimising expected added
 * latency plus a price per poll actually made; the price is bisected until the expected number of
 * polls meets the target. The early poll (for results that are ready at once) is counted as one
 * more poll when asked for. Run:
 * {@code java -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.benchmarks.PollLowerBound}
 * (options: {@code --seconds 2,12,30,60 --jitter 0.1 --polls 4,5,6,7,8 --target-ms 200}).
 */
public final class PollLowerBound {
  private static final int GRID = 600;

  private PollLowerBound() {}

  /** Expected added seconds and expected polls (window only) of the best schedule at this price. */
  static double[] best(double a, double b, double price) {
    double w = b - a;
    double[] g = new double[GRID + 1];
    for (int k = 0; k <= GRID; k++) g[k] = a + w * k / GRID;
    double[] value = new double[GRID + 1];
    double[] polls = new double[GRID + 1];
    double[] added = new double[GRID + 1];
    for (int i = GRID - 1; i >= 0; i--) {
      value[i] = Double.POSITIVE_INFINITY;
      double pending = 1 - (g[i] - a) / w;
      for (int j = i + 1; j <= GRID; j++) {
        double wait = (g[j] - g[i]) * (g[j] - g[i]) / (2 * w); // mass ready in (g_i, g_j], each waiting until g_j
        double v = wait + price * pending + value[j];
        if (v < value[i]) {
          value[i] = v;
          polls[i] = pending + polls[j];
          added[i] = wait + added[j];
        }
      }
    }
    return new double[] {added[0], polls[0]};
  }

  /** The best expected added seconds with at most {@code polls} polls in the window on average. */
  static double bound(double a, double b, double polls) {
    double low = 1e-7, high = 100;
    double[] at = best(a, b, high);
    for (int i = 0; i < 60; i++) {
      double mid = Math.sqrt(low * high);
      double[] r = best(a, b, mid);
      if (r[1] > polls) low = mid;
      else {
        high = mid;
        at = r;
      }
    }
    return at[0];
  }

  /** The fewest polls in the window on average that reach {@code targetSeconds}. */
  static double pollsFor(double a, double b, double targetSeconds) {
    double low = 1, high = 200;
    for (int i = 0; i < 40; i++) {
      double mid = (low + high) / 2;
      if (bound(a, b, mid) > targetSeconds) low = mid;
      else high = mid;
    }
    return high;
  }

  public static void main(String[] args) {
    double[] seconds = {2, 12, 30, 60};
    double jitter = 0.1;
    double[] polls = {4, 5, 6, 7, 8};
    double target = 0.2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = numbers(args[++i]);
        case "--jitter" -> jitter = Double.parseDouble(args[++i]);
        case "--polls" -> polls = numbers(args[++i]);
        case "--target-ms" -> target = Double.parseDouble(args[++i]) / 1000;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "Least mean added latency (ms) for processing N s × uniform(%.2f, %.2f), exact distribution known%n%n",
        1 - jitter, 1 + jitter));
    out.append("| N s | polls/job (early poll included) |");
    for (double p : polls) out.append(String.format(Locale.ROOT, " %.0f |", p));
    out.append(String.format(Locale.ROOT, " polls/job for %.0f ms |%n|---|---|", target * 1000));
    for (int k = 0; k <= polls.length; k++) out.append("---:|");
    out.append('\n');
    for (double n : seconds) {
      double a = n * (1 - jitter), b = n * (1 + jitter);
      for (boolean early : new boolean[] {true, false}) {
        out.append(String.format(Locale.ROOT, "| %.0f | %s |", n, early ? "with the early poll" : "without it"));
        for (double p : polls) {
          double window = early ? p - 1 : p;
          out.append(window < 1 ? " – |" : String.format(Locale.ROOT, " %.0f |", 1000 * bound(a, b, window)));
        }
        out.append(String.format(Locale.ROOT, " %.2f |%n", pollsFor(a, b, target) + (early ? 1 : 0)));
      }
    }
    System.out.println(out);
  }

  private static double[] numbers(String csv) {
    String[] parts = csv.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i].strip());
    return out;
  }
}
