package dev.voxscribe.telegram;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition by polling it, up to a bound; fails with what was awaited and the last value seen. */
final class Await {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private Await() {}

  static void until(String what, BooleanSupplier condition) {
    until(what, () -> condition.getAsBoolean(), Boolean::booleanValue);
  }

  static <T> T until(String what, Supplier<T> value, Predicate<? super T> done) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    T last = value.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + "; last seen: " + last);
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
