package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.TranscriptionException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most N jobs at once, a bounded queue behind them, and a fast "busy" past the queue. Nothing
 * blocks: a queued job starts when a running one completes.
 */
final class JobGate {
  private final int maxRunning;
  private final int maxQueued;
  private final Metrics metrics;
  private final Queue<Runnable> queue = new ArrayDeque<>();
  private int running;

  JobGate(int maxRunning, int maxQueued, Metrics metrics) {
    this.maxRunning = maxRunning;
    this.maxQueued = maxQueued;
    this.metrics = metrics;
  }

  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> job) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> start(job, result);
    boolean runNow;
    synchronized (this) {
      if (running < maxRunning) {
        running++;
        runNow = true;
      } else if (queue.size() < maxQueued) {
        queue.add(start);
        metrics.queued().incrementAndGet();
        runNow = false;
      } else {
        return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.BUSY,
            "all " + maxRunning + " job slots and " + maxQueued + " queue places are taken"));
      }
    }
    if (runNow) start.run();
    return result;
  }

  private <T> void start(Supplier<CompletableFuture<T>> job, CompletableFuture<T> result) {
    metrics.running().incrementAndGet();
    CompletableFuture<T> running;
    try {
      running = job.get();
    } catch (RuntimeException e) {
      running = CompletableFuture.failedFuture(e);
    }
    running.whenComplete((value, error) -> {
      metrics.running().decrementAndGet();
      release();
      if (error != null) result.completeExceptionally(error);
      else result.complete(value);
    });
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = queue.poll();
      if (next == null) {
        running--;
        return;
      }
    }
    metrics.queued().decrementAndGet();
    next.run();
  }

}
