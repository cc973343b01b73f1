package dev.voxscribe.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Whether a pool is wedged: a no-op task sent through it must run within a short bound. A pool that
 * is merely busy (its queue ahead of the probe, but tasks finishing) is alive, so a burst of slow
 * uploads never makes a liveness probe restart the bot.
 */
public final class PoolProbe {
  private PoolProbe() {}

  /** Completes within about {@code bound}, never exceptionally. */
  public static CompletableFuture<Health> probe(ThreadPoolExecutor pool, Duration bound) {
    if (pool.isShutdown()) return CompletableFuture.completedFuture(Health.down("stopped"));
    long finishedBefore = pool.getCompletedTaskCount();
    CompletableFuture<Void> ran = new CompletableFuture<>();
    try {
      pool.execute(() -> ran.complete(null));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(Health.down("refuses tasks"));
    }
    return ran.orTimeout(bound.toNanos(), TimeUnit.NANOSECONDS).handle((v, error) -> {
      if (error == null) return Health.up("answered");
      if (pool.getCompletedTaskCount() > finishedBefore) {
        return Health.up("busy: " + pool.getQueue().size() + " queued, tasks finishing");
      }
      return Health.down("no task finished within " + bound.toMillis() + " ms (" + pool.getActiveCount()
          + " running, " + pool.getQueue().size() + " queued)");
    });
  }
}
