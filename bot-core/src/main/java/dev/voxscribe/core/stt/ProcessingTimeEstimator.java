package dev.voxscribe.core.stt;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns how long the service takes, per model, so the first poll lands just before the result is
 * ready instead of on a fixed grid.
 *
 * <p>When the platform gave the audio's length, processing time is fitted as a fixed cost plus a
 * cost per audio second (exponentially weighted least squares, so it follows the service as it
 * speeds up or slows down). Without a length, it is a moving average. Before anything is learned,
 * a prior of a fixed cost plus a twentieth of real time is used.
 */
final class ProcessingTimeEstimator {
  /** Weight of the past per new sample: about the last 20 jobs count. */
  private static final double DECAY = 0.95;
  private static final double ALPHA = 0.2;
  private static final double PRIOR_RATIO = 0.05;
  private static final double MAX_RATIO = 2.0;
  /**
   * A job already done at its first poll says only "ready by then": guess it was ready well before,
   * so an estimate that is too high comes down within a few jobs.
   */
  private static final double DONE_AT_FIRST_POLL = 0.7;

  private final Map<String, Model> byModel = new ConcurrentHashMap<>();
  private final double priorBase;

  ProcessingTimeEstimator(Duration priorBase) {
    this.priorBase = priorBase.toMillis() / 1000.0;
  }

  /** Per model: weighted sums for the fit on (audio seconds, processing seconds), and the plain average. */
  private static final class Model {
    double s0, sx, sy, sxx, sxy; // weighted count and sums
    double plain = Double.NaN;

    synchronized void add(double x, double y) {
      s0 = DECAY * s0 + 1;
      sx = DECAY * sx + x;
      sy = DECAY * sy + y;
      sxx = DECAY * sxx + x * x;
      sxy = DECAY * sxy + x * y;
    }

    synchronized void addPlain(double y) {
      plain = Double.isNaN(plain) ? y : plain + ALPHA * (y - plain);
    }

    /** Fixed cost + slope × seconds; with too little spread in lengths, the weighted mean. */
    synchronized double fitted(double x) {
      if (s0 == 0) return Double.NaN;
      double mean = sy / s0;
      double spread = s0 * sxx - sx * sx;
      if (spread <= 1e-6 * Math.max(1, s0 * sxx)) return mean;
      double slope = (s0 * sxy - sx * sy) / spread;
      slope = Math.max(0, Math.min(MAX_RATIO, slope));
      double intercept = Math.max(0, (sy - slope * sx) / s0);
      return intercept + slope * x;
    }
  }

  /** When the result of a job just created is expected, measured from its creation. */
  Duration expected(String model, Optional<Duration> audio) {
    Model m = byModel.get(model);
    Optional<Double> seconds = audioSeconds(audio);
    double e = Double.NaN;
    if (m != null) {
      e = seconds.isPresent() ? m.fitted(seconds.get()) : Double.NaN;
      if (Double.isNaN(e)) {
        synchronized (m) {
          e = m.plain;
        }
      }
    }
    if (Double.isNaN(e)) e = priorBase + seconds.map(s -> PRIOR_RATIO * s).orElse(0.0);
    return Duration.ofMillis(Math.max(0, Math.round(e * 1000)));
  }

  /**
   * Records a finished job: the result became ready after {@code lastPending} (or at any time, when
   * empty) and at or before {@code done}, both measured from creation.
   */
  void observe(String model, Optional<Duration> audio, Optional<Duration> lastPending, Duration done) {
    double upper = done.toMillis() / 1000.0;
    double sample = lastPending.map(p -> (p.toMillis() / 1000.0 + upper) / 2).orElse(upper * DONE_AT_FIRST_POLL);
    Model m = byModel.computeIfAbsent(model, k -> new Model());
    m.addPlain(sample);
    audioSeconds(audio).ifPresent(s -> m.add(s, sample));
  }

  private static Optional<Double> audioSeconds(Optional<Duration> audio) {
    return audio.map(d -> d.toMillis() / 1000.0).filter(s -> s > 0);
  }
}
