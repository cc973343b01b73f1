package dev.voxscribe.core.transcribe;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SIGTERM grace of every platform: wait for the jobs in flight, at most {@code VOXSCRIBE_SHUTDOWN_GRACE}. */
public final class ShutdownGrace {
  private static final Logger log = LoggerFactory.getLogger(ShutdownGrace.class);

  private ShutdownGrace() {}

  /**
   * @param inFlight the platform's jobs still running (a live set: answered jobs leave it)
   * @param what how the log names them, e.g. "Discord jobs"
   * @return true when none is left
   */
  public static boolean await(Collection<? extends CompletableFuture<?>> inFlight, Duration grace, String what) {
    CompletableFuture<?>[] all = inFlight.toArray(CompletableFuture<?>[]::new);
    if (all.length == 0) return true;
    log.info("Waiting up to {} s for {} {} to be answered", grace.toSeconds(), all.length, what);
    try {
      CompletableFuture.allOf(all).get(grace.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      log.info("{} {} are left in the store; they are answered after the restart", inFlight.size(), what);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return inFlight.isEmpty();
    }
  }
}
