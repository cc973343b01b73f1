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

  /** @param failedAttempts attempts made so far (1 after the first failure) */
  Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration ra = retryAfter.get();
      return ra.compareTo(policy.retryMax()) > 0 ? policy.retryMax() : ra;
    }
    long base = policy.retryBase().toMillis();
    long cap = policy.retryMax().toMillis();
    long exp = base << Math.min(20, Math.max(0, failedAttempts - 1));
    long ceiling = Math.min(cap, exp);
    // "equal jitter": half fixed, half random, so retries spread out but never fire at once.
    long millis = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    return Duration.ofMillis(millis);
  }
}
