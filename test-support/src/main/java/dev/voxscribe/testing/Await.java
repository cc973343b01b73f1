package dev.voxscribe.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it, up to a bound; fails with what was awaited and the last value
 * seen. For tests on a loaded machine: wait for what must happen, never sleep and then assert.
 */
public final class Await {
  /** Generous enough for a 2-core machine running the whole suite. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition::getAsBoolean, Boolean::booleanValue);
  }

  public static <T> T until(String what, Supplier<T> value, Predicate<? super T> done) {
    return until(what, TIMEOUT, value, done);
  }

  public static <T> T until(String what, Duration timeout, Supplier<T> value, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = value.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(10); // polling interval of the helper, not a wait for a result
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
      last = value.get();
    }
    return last;
  }
}
