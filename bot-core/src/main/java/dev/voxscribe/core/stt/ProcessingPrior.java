package dev.voxscribe.core.stt;

import java.time.Duration;

/**
 * What is assumed about a model's processing time before any of its jobs has finished: a fixed
 * cost plus a cost per audio second, and how far off that guess may be ({@code spread}: the true
 * time is taken to lie anywhere from the guess ÷ spread to the guess × spread, evenly on a log
 * scale). The first finished job replaces the guess.
 *
 * @param fixed processing time of a job with no audio at all
 * @param perAudioSecond processing time per second of audio
 * @param spread how many times faster or slower than the guess the service may be; at least 1
 */
public record ProcessingPrior(Duration fixed, Duration perAudioSecond, double spread) {

  public ProcessingPrior {
    if (fixed.isNegative()) throw new IllegalArgumentException("prior fixed cost must not be negative, got " + fixed);
    if (perAudioSecond.isNegative()) {
      throw new IllegalArgumentException("prior cost per audio second must not be negative, got " + perAudioSecond);
    }
    if (fixed.isZero() && perAudioSecond.isZero()) {
      throw new IllegalArgumentException("a prior needs a fixed cost or a cost per audio second");
    }
    if (!(spread >= 1) || spread > 100) throw new IllegalArgumentException("prior spread must be 1-100, got " + spread);
  }

  /** The guess in seconds for a job of {@code audioSeconds}. */
  double seconds(double audioSeconds) {
    return fixed.toNanos() / 1e9 + perAudioSecond.toNanos() / 1e9 * audioSeconds;
  }
}
