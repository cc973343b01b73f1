package dev.voxscribe.core.stt;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns, per model, how long the service takes, as a distribution rather than a point: a fixed
 * cost plus a cost per audio second gives the estimate, and quantiles of actual ÷ estimate give
 * the spread around it. The planner places polls where that distribution has its mass.
 *
 * <p>Each finished job is known only as an interval (its last pending poll, its done poll]. The
 * spread is a mixture of those intervals, each widened by a kernel that narrows as jobs accumulate,
 * so a few jobs polled sparsely do not look certain. Before a model has finished any job, its
 * {@link ProcessingPrior} stands in; the first finished job replaces it at once. Jobs without a
 * known audio length are learned apart from those with one.
 *
 * <p>Thread-safe: each model refits under its own lock on every finished job and publishes an
 * immutable fit that forecasts read without locking.
 */
final class ProcessingTimeEstimator {
  /** Finished jobs kept per model: enough to see its spread, few enough to follow it when it changes. */
  static final int KEEP = 64;
  /** Weight of a job per newer job: about the last 30 jobs count. */
  private static final double DECAY = 0.97;
  /** Quantiles at p = k / (QUANTILES - 1). */
  static final int QUANTILES = 41;
  /** Audio length the prior assumes when the platform gave none. */
  private static final double UNKNOWN_LENGTH = 60;
  /** Half-width of the kernel (in units of the estimate) while a model has one job; it shrinks with more. */
  private static final double FIRST_KERNEL = 0.25;
  private static final double MIN_KERNEL = 0.02;

  /**
   * The processing-time distribution of a job about to be created.
   *
   * @param expectedSeconds the estimate E: fixed cost + cost per audio second × length
   * @param ratios quantiles of actual ÷ E at p = k / (QUANTILES - 1), non-decreasing
   * @param samples finished jobs behind it (0: the prior)
   * @param version changes whenever the model learns, so a waiting job knows to replan
   */
  record Forecast(double expectedSeconds, double[] ratios, int samples, long version) {
    /** Seconds by which the result is ready with probability {@code k / (QUANTILES - 1)}. */
    double quantile(int k) {
      return expectedSeconds * ratios[k];
    }

    Duration expected() {
      return Duration.ofNanos(Math.round(expectedSeconds * 1e9));
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "E=%.2fs p5=%.2fs p50=%.2fs p95=%.2fs (%d jobs)",
          expectedSeconds, quantile(2), quantile(QUANTILES / 2), quantile(QUANTILES - 3), samples);
    }
  }

  private final ModelPriors priors;
  private final Map<Key, Model> models = new ConcurrentHashMap<>();

  ProcessingTimeEstimator(ModelPriors priors) {
    this.priors = priors;
  }

  private record Key(String model, boolean withLength) {}

  /** An immutable fit: E(s) = fixed + perSecond × s, and the ratio quantiles. */
  private record Fit(double fixed, double perSecond, double[] ratios, int samples, long version) {
    double estimate(double audioSeconds) {
      return Math.max(1e-3, fixed + perSecond * audioSeconds);
    }
  }

  private final class Model {
    final Key key;
    final ArrayDeque<EstimatorSnapshot.Job> jobs = new ArrayDeque<>();
    volatile Fit fit;
    long version;

    Model(Key key) {
      this.key = key;
      this.fit = priorFit(key, 0);
    }

    synchronized void add(EstimatorSnapshot.Job job) {
      if (jobs.size() == KEEP) jobs.removeFirst();
      jobs.addLast(job);
      version++;
      fit = refit(key, List.copyOf(jobs), version);
    }

    synchronized EstimatorSnapshot snapshot() {
      return new EstimatorSnapshot(EstimatorSnapshot.VERSION, key.model(), key.withLength(), List.copyOf(jobs));
    }
  }

  /** The distribution of the processing time of a job of {@code model} with this audio length. */
  Forecast forecast(String model, Optional<Duration> audio) {
    Optional<Double> seconds = audioSeconds(audio);
    Key key = new Key(model, seconds.isPresent());
    Model m = models.get(key);
    Fit fit = m != null ? m.fit : priorFit(key, 0);
    double s = seconds.orElse(UNKNOWN_LENGTH);
    return new Forecast(fit.estimate(s), fit.ratios(), fit.samples(), fit.version());
  }

  /**
   * Records a finished job whose result became ready after {@code lastPending} (ZERO: no pending
   * poll) and by {@code done}, both measured from its creation.
   */
  void observe(String model, Optional<Duration> audio, Duration lastPending, Duration done) {
    Optional<Double> seconds = audioSeconds(audio);
    double lo = Math.max(0, lastPending.toNanos() / 1e9);
    double hi = Math.max(lo, done.toNanos() / 1e9);
    Key key = new Key(model, seconds.isPresent());
    models.computeIfAbsent(key, Model::new).add(new EstimatorSnapshot.Job(seconds.orElse(0.0), lo, hi));
  }

  /** What is learned so far, one snapshot per model (and per with/without audio length). */
  List<EstimatorSnapshot> snapshots() {
    List<EstimatorSnapshot> all = new ArrayList<>();
    for (Model m : models.values()) {
      EstimatorSnapshot s = m.snapshot();
      if (!s.jobs().isEmpty()) all.add(s);
    }
    return all;
  }

  /** Adds a snapshot's jobs to what is known of its model, as if they had just finished in order. */
  void restore(EstimatorSnapshot snapshot) {
    Model m = models.computeIfAbsent(new Key(snapshot.model(), snapshot.withLength()), Model::new);
    for (EstimatorSnapshot.Job job : snapshot.jobs()) m.add(job);
  }

  // ---- fitting ----

  private Fit priorFit(Key key, long version) {
    ProcessingPrior prior = priors.forModel(key.model());
    double spread = key.withLength() ? prior.spread() : prior.spread() * 2;
    double[] ratios = new double[QUANTILES];
    for (int k = 0; k < QUANTILES; k++) {
      double p = k / (double) (QUANTILES - 1);
      ratios[k] = Math.exp(Math.log(1 / spread) + p * Math.log(spread * spread)); // log-uniform in [1/spread, spread]
    }
    double perSecond = prior.perAudioSecond().toNanos() / 1e9;
    double fixed = prior.fixed().toNanos() / 1e9;
    // Without a length the estimate must not depend on one: fold the assumed length into the fixed cost.
    if (!key.withLength()) return new Fit(fixed + perSecond * UNKNOWN_LENGTH, 0, ratios, 0, version);
    return new Fit(fixed, perSecond, ratios, 0, version);
  }

  private Fit refit(Key key, List<EstimatorSnapshot.Job> jobs, long version) {
    Fit prior = priorFit(key, version);
    int n = jobs.size();
    double[] w = new double[n];
    double[] s = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      EstimatorSnapshot.Job job = jobs.get(i);
      w[i] = Math.pow(DECAY, n - 1 - i);
      s[i] = key.withLength() ? job.audioSeconds() : 0;
      y[i] = Math.max(1e-3, (job.pendingAt() + job.doneAt()) / 2);
    }
    // The prior's shape scaled to the jobs (a weighted median, so results ready at once do not drag it down).
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) scale[i] = y[i] / prior.estimate(s[i]);
    double k = weightedMedian(scale, w);
    double fixed = prior.fixed() * k;
    double perSecond = prior.perSecond() * k;
    double[] line = key.withLength() ? line(s, y, w, k, prior) : null;
    if (line != null) {
      fixed = line[0];
      perSecond = line[1];
    }
    Fit point = new Fit(fixed, perSecond, prior.ratios(), n, version);
    return new Fit(fixed, perSecond, ratios(jobs, s, w, point), n, version);
  }

  /**
   * Weighted least squares of y = a + b·s on relative errors (the service's noise scales with the
   * job), when lengths vary enough to tell the fixed cost from the per-second cost; else null.
   */
  private static double @org.jspecify.annotations.Nullable [] line(double[] s, double[] y, double[] w, double k, Fit prior) {
    double min = Double.MAX_VALUE;
    double max = 0;
    int used = 0;
    double sw = 0, sws = 0, swy = 0, swss = 0, swsy = 0;
    for (int i = 0; i < s.length; i++) {
      double guess = k * prior.estimate(s[i]);
      if (y[i] < 0.2 * guess || y[i] > 5 * guess) continue; // ready at once, or stuck: not the service's speed
      double v = w[i] / (y[i] * y[i]);
      sw += v;
      sws += v * s[i];
      swy += v * y[i];
      swss += v * s[i] * s[i];
      swsy += v * s[i] * y[i];
      min = Math.min(min, s[i]);
      max = Math.max(max, s[i]);
      used++;
    }
    if (used < 4 || max < 2 * min + 1) return null;
    double det = sw * swss - sws * sws;
    if (det <= 0) return null;
    double b = (sw * swsy - sws * swy) / det;
    double a = (swy - b * sws) / sw;
    if (b < 0) {
      b = 0;
      a = swy / sw;
    }
    if (a < 0) {
      a = 0;
      b = swsy / swss;
    }
    return new double[] {a, b};
  }

  /** Quantiles of actual ÷ estimate: each job an interval, widened by a kernel that narrows with more jobs. */
  private static double[] ratios(List<EstimatorSnapshot.Job> jobs, double[] s, double[] w, Fit point) {
    int n = jobs.size();
    double[] lo = new double[n];
    double[] hi = new double[n];
    double sw = 0, sw2 = 0, mean = 0;
    double[] mids = new double[n];
    for (int i = 0; i < n; i++) {
      double e = point.estimate(s[i]);
      lo[i] = jobs.get(i).pendingAt() / e;
      hi[i] = jobs.get(i).doneAt() / e;
      mids[i] = (lo[i] + hi[i]) / 2;
      sw += w[i];
      sw2 += w[i] * w[i];
      mean += w[i] * mids[i];
    }
    mean /= sw;
    double var = 0;
    for (int i = 0; i < n; i++) var += w[i] * (mids[i] - mean) * (mids[i] - mean);
    var /= sw;
    // The spread of the jobs themselves (each interval already spreads its own mass), robustly:
    // Silverman's min of deviation and scaled MAD, so a few results ready at once do not blur the rest.
    double median = weightedMedian(mids, w);
    double[] deviations = new double[n];
    for (int i = 0; i < n; i++) deviations[i] = Math.abs(mids[i] - median);
    double mad = 1.4826 * weightedMedian(deviations, w);
    double spread = Math.min(Math.sqrt(var), mad);
    double effective = sw * sw / sw2;
    // Silverman's rule for the data, pulled towards a wide kernel while there are few jobs.
    double fromData = Math.max(MIN_KERNEL, 1.06 * spread * Math.pow(effective, -0.2));
    double h = (effective * fromData + FIRST_KERNEL) / (effective + 1);
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = Math.max(0, lo[i] - h);
      b[i] = hi[i] + h;
    }
    return mixtureQuantiles(a, b, w);
  }

  /** Quantiles of a weighted mixture of uniform distributions on [a_i, b_i] (exact: its CDF is piecewise linear). */
  static double[] mixtureQuantiles(double[] a, double[] b, double[] w) {
    int n = a.length;
    double[] points = new double[2 * n];
    for (int i = 0; i < n; i++) {
      points[2 * i] = a[i];
      points[2 * i + 1] = b[i];
    }
    Arrays.sort(points);
    double total = 0;
    for (double x : w) total += x;
    double[] cdf = new double[points.length];
    for (int j = 0; j < points.length; j++) {
      double x = points[j];
      double c = 0;
      for (int i = 0; i < n; i++) {
        if (x >= b[i]) c += w[i];
        else if (x > a[i]) c += w[i] * (x - a[i]) / (b[i] - a[i]);
      }
      cdf[j] = c / total;
    }
    double[] q = new double[QUANTILES];
    int j = 0;
    for (int k = 0; k < QUANTILES; k++) {
      double p = k / (double) (QUANTILES - 1);
      if (k == 0) {
        q[k] = points[0];
        continue;
      }
      while (j < points.length - 1 && cdf[j] < p - 1e-12) j++;
      if (j == 0 || cdf[j] <= cdf[j - 1]) {
        q[k] = points[j];
      } else {
        double t = (p - cdf[j - 1]) / (cdf[j] - cdf[j - 1]);
        q[k] = points[j - 1] + Math.max(0, Math.min(1, t)) * (points[j] - points[j - 1]);
      }
      q[k] = Math.max(q[k], q[k - 1]);
    }
    return q;
  }

  private static double weightedMedian(double[] x, double[] w) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < x.length; i++) order[i] = i;
    Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
    double total = 0;
    for (double v : w) total += v;
    double run = 0;
    for (int i : order) {
      run += w[i];
      if (run >= total / 2) return x[i];
    }
    return x[order[order.length - 1]];
  }

  private static Optional<Double> audioSeconds(Optional<Duration> audio) {
    return audio.map(d -> d.toNanos() / 1e9).filter(s -> s > 0);
  }
}
