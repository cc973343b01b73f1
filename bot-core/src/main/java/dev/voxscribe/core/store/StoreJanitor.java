package dev.voxscribe.core.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes what is no longer needed, at start and then every few minutes, so the file does not grow without bound. */
public final class StoreJanitor {
  private static final Logger log = LoggerFactory.getLogger(StoreJanitor.class);
  static final Duration EVERY = Duration.ofMinutes(10);
  /** Telegram keeps undelivered updates 24 hours: a handled one is remembered that long to spot a redelivery. */
  static final Duration KEEP_HANDLED = Duration.ofHours(25);
  /** The service keeps a result one hour after creation. */
  static final Duration KEEP_GENERATIONS = Duration.ofHours(2);

  private StoreJanitor() {}

  public static void schedule(Store store, ScheduledExecutorService scheduler, Clock clock) {
    try {
      scheduler.scheduleWithFixedDelay(() -> purge(store, clock.instant()), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // nothing to tidy on the way out
    }
  }

  /**
   * Renews this instance's job leases, create claims and pending updates' leases every third of the lease
   * ({@code VOXSCRIBE_LEASE}), so they lapse only when this instance stops (killed, frozen, cut off).
   */
  public static void renewLeases(Store store, ScheduledExecutorService scheduler) {
    long every = Math.max(100, store.instance().lease().toMillis() / 3);
    try {
      scheduler.scheduleWithFixedDelay(() -> renew(store), every, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // stopping: the leases lapse for another instance to resume the jobs
    }
  }

  static void renew(Store store) {
    try {
      int jobs = store.jobs().renew();
      int creates = store.generations().renewCreates();
      int updates = store.inbox().renew();
      log.trace("Leases renewed: {} jobs, {} creates, {} updates", jobs, creates, updates);
    } catch (RuntimeException e) {
      log.warn("Lease renewal failed in {}: {}", store.location(), e.toString());
    }
  }

  static void purge(Store store, Instant now) {
    try {
      int transcripts = store.transcripts().purge(now);
      int generations = store.generations().purge(now.minus(KEEP_GENERATIONS));
      int updates = store.inbox().purge(now.minus(KEEP_HANDLED));
      int jobs = store.jobs().purge(now.minus(KEEP_HANDLED));
      if (transcripts + generations + updates + jobs > 0) {
        log.debug("Store purge: {} transcripts, {} generations, {} updates, {} jobs", transcripts, generations, updates, jobs);
      }
    } catch (RuntimeException e) {
      log.warn("Store purge failed in {}: {}", store.location(), e.toString());
    }
  }
}
