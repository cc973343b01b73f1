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
 * so a few jobs polled sparsely do not look certain. An interval much wider than most (a job
 * caught by the first poll of its plan, known only to lie after the early poll; or one found late
 * in the plan's tail) does not spread its mass over all of it: that would put mass where no job
 * ever was, and every later plan would poll there for it. Its mass goes where the narrow jobs'
 * mass is, or continues their density from its end facing them ({@link #packed}). The line is
 * fitted twice: from the midpoints (wide intervals counting less), then from each job's expected
 * time within its interval under the spread just found. Before a model has finished any job, its
 * {@link ProcessingPrior} stands in; the first finished job replaces it at once. Jobs without a
 * known audio length are learned apart from those with one.
 *
 * <p>Thread-safe: each model refits on every finished job (one thread at a time; jobs that finish
 * during a refit are taken in by one more) and publishes an immutable fit that forecasts read
 * without locking.
 */
final class ProcessingTimeEstimator {
  /** Finished jobs kept per model: enough to see its spread, few enough to follow it when it changes. */
  static final int KEEP = 64;
  /** Weight of a job per newer job: about the last 30 jobs count. */
  private static final double DECAY = 0.97;
  /** Quantiles at p = k / (QUANTILES - 1): fine enough that a gap in the distribution (results ready at
   * once, then none until the service's usual time) holds no more than half a percent of its mass. */
  static final int QUANTILES = 201;
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

    /** Seconds by which the result is ready with probability {@code p}, linear between quantiles. */
    double at(double p) {
      return expectedSeconds * ProcessingTimeEstimator.at(ratios, p);
    }

    Duration expected() {
      return Duration.ofNanos(Math.round(expectedSeconds * 1e9));
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "E=%.2fs p5=%.2fs p50=%.2fs p95=%.2fs (%d jobs)",
          expectedSeconds, at(0.05), at(0.5), at(0.95), samples);
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

    /** Set by a job added while a refit runs: the refit runs once more, with it. */
    volatile boolean stale;
    final java.util.concurrent.atomic.AtomicBoolean refitting = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Adds a finished job and refits, unless another thread is refitting this model right now: then
     * that thread refits once more when it is done, with every job added meanwhile. Called on the
     * HTTP client's completion threads, so none of them ever waits for another's refit.
     */
    void add(EstimatorSnapshot.Job job) {
      synchronized (jobs) {
        if (jobs.size() == KEEP) jobs.removeFirst();
        jobs.addLast(job);
      }
      stale = true;
      while (stale && refitting.compareAndSet(false, true)) {
        try {
          stale = false;
          List<EstimatorSnapshot.Job> copy;
          synchronized (jobs) {
            copy = List.copyOf(jobs);
          }
          fit = refit(key, copy, ++version);
        } finally {
          refitting.set(false);
        }
      }
    }

    EstimatorSnapshot snapshot() {
      synchronized (jobs) {
        return new EstimatorSnapshot(EstimatorSnapshot.VERSION, key.model(), key.withLength(), List.copyOf(jobs));
      }
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
    double[] width = new double[n];
    for (int i = 0; i < n; i++) width[i] = jobs.get(i).doneAt() - jobs.get(i).pendingAt();
    // First from the intervals' midpoints, a wide interval counting less...
    double[] line = key.withLength() ? line(s, y, width, w, fixed, perSecond, true) : null;
    if (line != null) {
      fixed = line[0];
      perSecond = line[1];
    }
    Fit point = new Fit(fixed, perSecond, prior.ratios(), n, version);
    double[] ratios = ratios(jobs, s, w, point);
    if (line == null) return new Fit(fixed, perSecond, ratios, n, version);
    // ...then once more from where in its interval each job most likely became ready, given the spread
    // just found: leaving the wide intervals out would lose the jobs that finish early, and fit too slow.
    Fit first = new Fit(fixed, perSecond, ratios, n, version);
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) {
      double e = first.estimate(s[i]);
      EstimatorSnapshot.Job job = jobs.get(i);
      expected[i] = e * conditionalMean(ratios, job.pendingAt() / e, job.doneAt() / e);
    }
    double[] refined = line(s, expected, new double[n], w, fixed, perSecond, false);
    if (refined == null) return first;
    Fit second = new Fit(refined[0], refined[1], prior.ratios(), n, version);
    return new Fit(refined[0], refined[1], ratios(jobs, s, w, second), n, version);
  }

  /** The mean of a ratio in (a, b] under the quantiles {@code q} (even between quantiles); the midpoint if none is there. */
  static double conditionalMean(double[] q, double a, double b) {
    double mass = 0, moment = 0;
    double each = 1.0 / (q.length - 1);
    for (int k = 1; k < q.length; k++) {
      double lo = q[k - 1], hi = q[k];
      double from = Math.max(lo, a), to = Math.min(hi, b);
      if (hi <= lo) {
        if (lo > a && lo <= b) {
          mass += each;
          moment += each * lo;
        }
        continue;
      }
      if (to <= from) continue;
      double m = each * (to - from) / (hi - lo);
      mass += m;
      moment += m * (from + to) / 2;
    }
    return mass > 1e-12 ? moment / mass : (a + b) / 2;
  }

  /**
   * y = a + b·s with errors proportional to the job's estimate (not to its own time, which would
   * favour short fits), by iteratively reweighted least squares; a job known only within a wide
   * interval counts less, as its midpoint says little.
   */
  private static double @org.jspecify.annotations.Nullable [] line(double[] s, double[] ys, double[] widths,
      double[] w, double startFixed, double startPerSecond, boolean wideCountLess) {
    int n = s.length;
    double a = startFixed;
    double b = startPerSecond;
    double[] result = null;
    for (int round = 0; round < 4; round++) {
      double min = Double.MAX_VALUE, max = 0;
      int used = 0;
      double sw = 0, sws = 0, swy = 0, swss = 0, swsy = 0;
      for (int i = 0; i < n; i++) {
        double guess = Math.max(1e-3, a + b * s[i]);
        double y = Math.max(1e-3, ys[i]);
        if (y < 0.2 * guess || y > 5 * guess) continue; // ready at once, or stuck: not the service's speed
        double v = w[i] / (guess * guess);
        if (wideCountLess) v /= 1 + Math.pow(widths[i] / guess / 0.1, 2);
        sw += v;
        sws += v * s[i];
        swy += v * y;
        swss += v * s[i] * s[i];
        swsy += v * s[i] * y;
        min = Math.min(min, s[i]);
        max = Math.max(max, s[i]);
        used++;
      }
      if (used < 4 || max < 2 * min + 1) return result;
      double det = sw * swss - sws * sws;
      if (det <= 0) return result;
      double nb = (sw * swsy - sws * swy) / det;
      double na = (swy - nb * sws) / sw;
      if (nb < 0) {
        nb = 0;
        na = swy / sw;
      }
      if (na < 0) {
        na = 0;
        nb = swsy / swss;
      }
      a = na;
      b = nb;
      result = new double[] {a, b};
    }
    return result;
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
    double[] packed = packed(lo, hi, w, h);
    if (packed != null) return packed;
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      double widen = lo[i] <= 0 ? 0 : h; // ready at once: see packed()
      a[i] = Math.max(0, lo[i] - widen);
      b[i] = Math.max(hi[i] + widen, a[i] + 1e-9);
    }
    return mixtureQuantiles(a, b, w);
  }

  /** Quantiles of a density given as mass per cell, uniform within each cell. */
  private static double[] cellQuantiles(double[] f, double cell) {
    double total = 0;
    for (double x : f) total += x;
    double[] q = new double[QUANTILES];
    int first = 0;
    while (first < f.length - 1 && f[first] <= total * 1e-9) first++;
    q[0] = first * cell;
    double run = 0;
    int c = 0;
    for (int k = 1; k < QUANTILES; k++) {
      double p = total * k / (QUANTILES - 1);
      while (c < f.length - 1 && run + f[c] < p - 1e-15) run += f[c++];
      double within = f[c] > 0 ? Math.max(0, Math.min(1, (p - run) / f[c])) : 1;
      q[k] = Math.max(q[k - 1], (c + within) * cell);
    }
    return q;
  }

  /** An interval this many times wider than the median one (and wider than the kernel) is a wide one. */
  static final double WIDE = 3;
  /** A wide interval holding this share of the narrow jobs' mass takes its shape from them. */
  static final double INSIDE = 0.2;

  /**
   * Jobs whose interval is much wider than most (caught by the first poll of a plan, or far in its
   * tail) say little about where in it they became ready. Their mass goes where the narrow jobs put
   * theirs when the interval overlaps that; else it continues the narrow jobs' density from the
   * interval's end that faces them, at that density (the distribution is taken to be one hump: the
   * most compact placement the interval allows). Null when too few jobs are narrow.
   */
  static double @org.jspecify.annotations.Nullable [] packed(double[] lo, double[] hi, double[] w, double h) {
    int n = lo.length;
    double[] width = new double[n];
    for (int i = 0; i < n; i++) width[i] = hi[i] - lo[i];
    double typical = weightedMedian(width, w);
    boolean[] wide = new boolean[n];
    double narrowWeight = 0, total = 0;
    int wides = 0;
    for (int i = 0; i < n; i++) {
      wide[i] = width[i] > WIDE * typical && width[i] > 2 * h;
      total += w[i];
      if (!wide[i]) narrowWeight += w[i];
      else wides++;
    }
    if (wides == 0 || narrowWeight < 0.5 * total) return null;
    // Results ready at once (never pending: a cached result, a tiny file) are kept apart, exactly where
    // they were seen: on the grid they would blur into the time after the early poll.
    boolean[] atOnce = new boolean[n];
    double atOnceWeight = 0;
    for (int i = 0; i < n; i++) {
      atOnce[i] = !wide[i] && lo[i] <= 0;
      if (atOnce[i]) atOnceWeight += w[i];
    }
    narrowWeight -= atOnceWeight;
    if (narrowWeight <= 0) return null;
    double top = 0;
    for (int i = 0; i < n; i++) top = Math.max(top, hi[i] + h);
    double cell = Math.max(h / 4, top / 4000);
    int cells = (int) Math.ceil(top / cell) + 2;
    double[] g = new double[cells]; // the narrow jobs, widened by the kernel
    double[] seen = new double[cells]; // the same, each only over its own interval: where they surely are
    for (int i = 0; i < n; i++) {
      if (wide[i] || atOnce[i]) continue;
      addUniform(g, Math.max(0, lo[i] - h) / cell, (hi[i] + h) / cell, w[i]);
      addUniform(seen, lo[i] / cell, hi[i] / cell, w[i]);
    }
    double[] f = g.clone();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Double.compare(hi[y], hi[x]));
    double[] packedDown = new double[cells]; // mass already stacked below each upper end
    for (int i : order) {
      if (!wide[i]) continue;
      double a = lo[i] / cell;
      double b = hi[i] / cell;
      // Overlap with where narrow jobs were seen, not with their kernel: results ready at once (seen
      // before the early poll) must not draw in a job that was still pending at it.
      double inside = massIn(seen, a, b);
      double below = massIn(seen, 0, a);
      double above = massIn(seen, b, cells);
      if (inside >= INSIDE * narrowWeight || (below < narrowWeight * 0.5 && above < narrowWeight * 0.5)) {
        // E-step against the narrow jobs: the job's mass where theirs is, within its interval.
        if (inside <= 0) addUniform(f, a, b, w[i]);
        else for (int c = (int) Math.floor(a); c < Math.min(cells, (int) Math.ceil(b)); c++) {
          double ov = Math.max(0, Math.min(c + 1, b) - Math.max(c, a));
          f[c] += w[i] * seen[c] * ov / inside;
        }
        continue;
      }
      boolean down = above >= below;
      // The narrow density next to the interval's end facing them, per cell.
      int span = Math.max(1, (int) Math.round(2 * h / cell));
      double level = 0;
      if (down) {
        int start = (int) Math.ceil(b);
        for (int c = start; c < Math.min(cells, start + span); c++) level = Math.max(level, g[c]);
      } else {
        int end = (int) Math.floor(a);
        for (int c = Math.max(0, end - span); c < end; c++) level = Math.max(level, g[c]);
      }
      if (level <= 0) {
        addUniform(f, a, b, w[i]);
        continue;
      }
      double left = w[i];
      if (down) {
        for (int c = (int) Math.ceil(b) - 1; c >= Math.floor(a) && left > 0; c--) {
          double room = Math.max(0, level - g[c] - packedDown[c]);
          double put = Math.min(room, left);
          f[c] += put;
          packedDown[c] += put;
          left -= put;
        }
      } else {
        for (int c = (int) Math.floor(a); c < Math.min(cells, Math.ceil(b)) && left > 0; c++) {
          double room = Math.max(0, level - g[c] - packedDown[c]);
          double put = Math.min(room, left);
          f[c] += put;
          packedDown[c] += put;
          left -= put;
        }
      }
      if (left > 0) addUniform(f, a, b, left);
    }
    double[] body = cellQuantiles(f, cell);
    if (atOnceWeight <= 0) return body;
    int quickJobs = 0;
    for (boolean quick : atOnce) if (quick) quickJobs++;
    int k = 0;
    double[] a = new double[quickJobs];
    double[] b = new double[quickJobs];
    double[] m = new double[quickJobs];
    for (int i = 0; i < n; i++) {
      if (!atOnce[i]) continue;
      a[k] = 0;
      b[k] = Math.max(hi[i], 1e-9);
      m[k++] = w[i];
    }
    double[] quick = mixtureQuantiles(a, b, m);
    double share = atOnceWeight / total;
    double[] q = new double[QUANTILES];
    for (int j = 0; j < QUANTILES; j++) {
      double p = j / (double) (QUANTILES - 1);
      q[j] = p < share ? at(quick, p / share) : at(body, (p - share) / (1 - share));
      if (j > 0) q[j] = Math.max(q[j], q[j - 1]);
    }
    return q;
  }

  /** The value at probability {@code p} of quantiles at p = k / (QUANTILES - 1), linear between them. */
  private static double at(double[] q, double p) {
    double x = Math.max(0, Math.min(1, p)) * (q.length - 1);
    int k = (int) Math.floor(x);
    if (k >= q.length - 1) return q[q.length - 1];
    return q[k] + (x - k) * (q[k + 1] - q[k]);
  }

  private static void addUniform(double[] f, double a, double b, double mass) {
    if (b <= a) b = a + 1e-6;
    for (int c = (int) Math.floor(a); c < Math.min(f.length, (int) Math.ceil(b)); c++) {
      double ov = Math.max(0, Math.min(c + 1, b) - Math.max(c, a));
      f[c] += mass * ov / (b - a);
    }
  }

  private static double massIn(double[] f, double a, double b) {
    double m = 0;
    for (int c = Math.max(0, (int) Math.floor(a)); c < Math.min(f.length, (int) Math.ceil(b)); c++) {
      m += f[c] * Math.max(0, Math.min(c + 1, b) - Math.max(c, a));
    }
    return m;
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
