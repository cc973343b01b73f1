package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.store.SnapshotStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the estimator learned across restarts, in the store's opaque snapshots: restored at
 * start, saved a while after jobs finish (not on every one: a busy bot finishes many a second),
 * and at shutdown. A snapshot that cannot be read is ignored with a warning: the priors stand in.
 */
final class EstimatorPersistence {
  private static final Logger log = LoggerFactory.getLogger(EstimatorPersistence.class);
  static final String NAME = "poll-estimator";
  /** The content's format: a JSON array of {@link EstimatorSnapshot}s. */
  static final int FORMAT = 1;
  static final Duration SAVE_AFTER = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SnapshotStore store;
  private final ProcessingTimeEstimator estimator;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final AtomicBoolean saveScheduled = new AtomicBoolean();

  EstimatorPersistence(SnapshotStore store, ProcessingTimeEstimator estimator, ScheduledExecutorService scheduler,
      Clock clock) {
    this.store = store;
    this.estimator = estimator;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** Adds the stored state to the estimator; returns how many models it held. */
  int restore() {
    SnapshotStore.Snapshot stored;
    try {
      stored = store.load(NAME).orElse(null);
    } catch (RuntimeException e) {
      log.warn("Could not read the learned poll timings ({}); starting from the priors", e.toString());
      return 0;
    }
    if (stored == null) return 0;
    if (stored.version() != FORMAT) {
      log.warn("Ignoring learned poll timings of format {} (this version reads {})", stored.version(), FORMAT);
      return 0;
    }
    int models = 0;
    try {
      JsonNode all = JSON.readTree(stored.content());
      if (all == null || !all.isArray()) throw new IllegalArgumentException("not an array");
      for (JsonNode one : all) {
        try {
          estimator.restore(EstimatorSnapshot.fromJson(one.toString()));
          models++;
        } catch (IllegalArgumentException e) {
          log.warn("Ignoring one model's learned poll timings: {}", e.getMessage());
        }
      }
    } catch (Exception e) {
      log.warn("Ignoring unreadable learned poll timings: {}", e.getClass().getSimpleName());
    }
    log.info("Restored learned poll timings of {} model(s)", models);
    return models;
  }

  /** A job finished: save within {@link #SAVE_AFTER}, together with whatever else finishes meanwhile. */
  void learned() {
    if (!saveScheduled.compareAndSet(false, true)) return;
    try {
      scheduler.schedule(() -> {
        saveScheduled.set(false);
        save();
      }, SAVE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      saveScheduled.set(false);
    }
  }

  /** Saves now (also at shutdown); a failure is logged, never thrown: the bot goes on without it. */
  void save() {
    List<EstimatorSnapshot> all = estimator.snapshots();
    if (all.isEmpty()) return;
    String content = all.stream().map(EstimatorSnapshot::toJson).collect(Collectors.joining(",", "[", "]"));
    try {
      store.save(NAME, new SnapshotStore.Snapshot(FORMAT, content), clock.instant());
    } catch (RuntimeException e) {
      log.warn("Could not save the learned poll timings: {}", e.toString());
    }
  }
}
