package dev.voxscribe.core.stt;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns how long the service takes, per model, so the first poll lands just before the result is
 * ready instead of on a fixed grid. Two moving averages: seconds of processing per second of audio
 * (when the platform said the duration), and plain processing time (when it did not).
 */
final class ProcessingTimeEstimator {
  private static final double ALPHA = 0.2;
  /** Before anything is learned: a fixed cost plus a twentieth of real time. */
  private static final double PRIOR_RATIO = 0.05;
  /**
   * A job already done at its first poll says only "ready by then": guess it was ready well before,
   * so an estimate that is too high comes down within a few jobs instead of dozens.
   */
  private static final double DONE_AT_FIRST_POLL = 0.7;

  private final Map<String, Averages> byModel = new ConcurrentHashMap<>();
  private final Duration priorBase;

  ProcessingTimeEstimator(Duration priorBase) {
    this.priorBase = priorBase;
  }

  private static final class Averages {
    double ratio = Double.NaN; // processing seconds per audio second
    double seconds = Double.NaN; // processing seconds, audio length unknown
  }

  /** When the result of a job just created is expected, measured from its creation. */
  Duration expected(String model, Optional<Duration> audio) {
    Averages a = byModel.get(model);
    double audioSeconds = audio.map(d -> d.toMillis() / 1000.0).filter(s -> s > 0).orElse(Double.NaN);
    synchronized (this) {
      if (a != null && !Double.isNaN(audioSeconds) && !Double.isNaN(a.ratio)) {
        return ofSeconds(a.ratio * audioSeconds);
      }
      if (a != null && !Double.isNaN(a.seconds)) {
        return ofSeconds(a.seconds);
      }
    }
    double prior = priorBase.toMillis() / 1000.0 + (Double.isNaN(audioSeconds) ? 0 : PRIOR_RATIO * audioSeconds);
    return ofSeconds(prior);
  }

  /**
   * Records a finished job: the result became ready after {@code lastPending} (or at any time, when
   * empty) and at or before {@code done}, both measured from creation.
   */
  void observe(String model, Optional<Duration> audio, Optional<Duration> lastPending, Duration done) {
    double upper = done.toMillis() / 1000.0;
    double sample = lastPending.map(p -> (p.toMillis() / 1000.0 + upper) / 2).orElse(upper * DONE_AT_FIRST_POLL);
    Averages a = byModel.computeIfAbsent(model, m -> new Averages());
    synchronized (this) {
      a.seconds = ewma(a.seconds, sample);
      audio.map(d -> d.toMillis() / 1000.0)
          .filter(s -> s > 0)
          .ifPresent(s -> a.ratio = ewma(a.ratio, sample / s));
    }
  }

  private static double ewma(double current, double sample) {
    return Double.isNaN(current) ? sample : current + ALPHA * (sample - current);
  }

  private static Duration ofSeconds(double s) {
    return Duration.ofMillis(Math.max(0, Math.round(s * 1000)));
  }
}
