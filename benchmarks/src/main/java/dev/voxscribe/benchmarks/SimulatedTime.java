package dev.voxscribe.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.Comparator;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time that runs at the wall clock's pace while anything is at work, and jumps ahead when
 * everything only waits. "At work" is a count: a task running on the scheduler, a task queued or
 * running on a wrapped executor, a thread between {@link #enter()} and {@link #exit()}. When the
 * count is zero, nothing can happen before the earliest scheduled task, so time skips to it.
 *
 * <p>So a 60-second job costs only the milliseconds its requests take, while every request, every
 * scheduling delay and every queue still takes its real time. The stand-in's processing times and
 * the client's clock and scheduler all read this time.
 */
final class SimulatedTime implements AutoCloseable {
  private final long origin = System.nanoTime();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicInteger busy = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order));
  private final AtomicLong sequence = new AtomicLong();
  private final Thread driver;
  private volatile boolean closed;

  SimulatedTime() {
    driver = new Thread(this::drive, "sim-scheduler");
    driver.setDaemon(true);
    driver.start();
  }

  /** Nanoseconds in {@link System#nanoTime()}'s scale, plus every skip so far. */
  long nanoTime() {
    return System.nanoTime() + skipped.get();
  }

  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.EPOCH.plusNanos(nanoTime() - origin);
      }
    };
  }

  void enter() {
    busy.incrementAndGet();
  }

  void exit() {
    if (busy.decrementAndGet() == 0) signal();
  }

  /** Blocks the calling thread for {@code d} of simulated time, during which it does not count as at work. */
  void sleep(Duration d) throws InterruptedException {
    CountDownLatch woken = new CountDownLatch(1);
    // The wake-up counts the sleeper as at work again before releasing it, so no skip slips in between.
    scheduler.schedule(() -> {
      enter();
      woken.countDown();
    }, d.toNanos(), TimeUnit.NANOSECONDS);
    exit();
    woken.await();
  }

  /** An executor whose queued and running tasks count as work. */
  ExecutorService counted(ExecutorService delegate) {
    return new AbstractExecutorService() {
      @Override
      public void execute(Runnable command) {
        enter();
        try {
          delegate.execute(() -> {
            try {
              command.run();
            } finally {
              exit();
            }
          });
        } catch (RuntimeException e) {
          exit();
          throw e;
        }
      }

      @Override
      public void shutdown() {
        delegate.shutdown();
      }

      @Override
      public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
      }

      @Override
      public boolean isShutdown() {
        return delegate.isShutdown();
      }

      @Override
      public boolean isTerminated() {
        return delegate.isTerminated();
      }

      @Override
      public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
      }
    };
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private final class Task implements ScheduledFuture<Object> {
    final long due;
    final long order = sequence.incrementAndGet();
    final Runnable body;
    volatile boolean cancelled;
    volatile boolean done;

    Task(long due, Runnable body) {
      this.due = due;
      this.body = body;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      cancelled = true;
      return !done;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException("the benchmark never waits on a scheduled task");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("the benchmark never waits on a scheduled task");
    }
  }

  private void drive() {
    while (!closed) {
      Task run = null;
      lock.lock();
      try {
        Task next = queue.peek();
        if (next == null) {
          changed.await(10, TimeUnit.MILLISECONDS);
        } else {
          long now = nanoTime();
          if (next.due <= now) {
            run = queue.poll();
            enter();
          } else if (busy.get() == 0) {
            skipped.addAndGet(next.due - now);
          } else {
            changed.awaitNanos(Math.min(next.due - now, TimeUnit.MILLISECONDS.toNanos(1)));
          }
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (run != null) {
        try {
          if (!run.cancelled) run.body.run();
        } catch (RuntimeException e) {
          e.printStackTrace();
        } finally {
          run.done = true;
          exit();
        }
      }
    }
  }

  /** The scheduler on this time: only one-shot {@code schedule} and {@code execute} are offered. */
  final ScheduledExecutorService scheduler = new AbstractScheduled();

  private final class AbstractScheduled extends AbstractExecutorService implements ScheduledExecutorService {
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      Task t = new Task(nanoTime() + Math.max(0, unit.toNanos(delay)), command);
      lock.lock();
      try {
        queue.add(t);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
      schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
      closed = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      closed = true;
      return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
      return closed;
    }

    @Override
    public boolean isTerminated() {
      return closed;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  /** Skipped so far: how much simulated time the run did not have to wait for. */
  Duration skipped() {
    return Duration.ofNanos(skipped.get());
  }

  @Override
  public void close() {
    closed = true;
    driver.interrupt();
  }
}
