package dev.voxscribe.testing.time;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A one-thread scheduler on which a delayed task runs at once and moves the {@link ManualClock}
 * forward by its delay, as if that time had passed. For code that schedules one pause at a time
 * (a retry loop): minutes of backoff then take milliseconds, and nothing sleeps.
 */
public final class VirtualScheduler extends ScheduledThreadPoolExecutor {
  private final ManualClock clock;

  public VirtualScheduler(ManualClock clock) {
    super(1, daemon());
    this.clock = clock;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return super.schedule(() -> {
      clock.advance(Duration.ofNanos(unit.toNanos(Math.max(0, delay))));
      command.run();
    }, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return super.schedule(() -> {
      clock.advance(Duration.ofNanos(unit.toNanos(Math.max(0, delay))));
      return callable.call();
    }, 0, TimeUnit.NANOSECONDS);
  }

  private static ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "virtual-scheduler");
      t.setDaemon(true);
      return t;
    };
  }
}
