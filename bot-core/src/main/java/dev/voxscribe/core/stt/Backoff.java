package dev.voxscribe.core.stt;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** Pause before retry {@code attempt}: exponential with jitter, or the service's {@code Retry-After}. */
final class Backoff {
  private final PollPolicy policy;
  private final DoubleSupplier random;

  /** @param random uniform in [0, 1); injected so tests can pin the jitter */
  Backoff(PollPolicy policy, DoubleSupplier random) {
    this.policy = policy;
    this.random = random;
  }

  /**
   * @param failedAttempts attempts made so far (1 after the first failure)
   * @return the backoff, or the service's {@code Retry-After} when that is longer (never shortened:
   *     the caller gives up instead when it would pass the deadline)
   */
  Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
    Duration backoff = backoff(failedAttempts);
    if (retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0) {
      // a little jitter past the server's time, so waiting clients do not all return at once
      return retryAfter.get().plusMillis((long) (random.getAsDouble() * 250));
    }
    return backoff;
  }

  private Duration backoff(int failedAttempts) {
    long base = policy.retryBase().toMillis();
    long cap = policy.retryMax().toMillis();
    long exp = base << Math.min(20, Math.max(0, failedAttempts - 1));
    long ceiling = Math.min(cap, exp);
    // "equal jitter": half fixed, half random, so retries spread out but never fire at once.
    long millis = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    return Duration.ofMillis(millis);
  }
}
