package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.store.SnapshotStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EstimatorPersistenceTest {
  private static final Optional<Duration> AUDIO = Optional.of(Duration.ofSeconds(30));

  /** A store kept in memory, as strict as the real one about what it is handed. */
  private static final class MemoryStore implements SnapshotStore {
    final Map<String, Snapshot> saved = new HashMap<>();
    int saves;
    boolean broken;

    @Override
    public synchronized Optional<Snapshot> load(String name) {
      if (broken) throw new IllegalStateException("disk on fire");
      return Optional.ofNullable(saved.get(name));
    }

    @Override
    public synchronized void save(String name, Snapshot snapshot, Instant at) {
      if (broken) throw new IllegalStateException("disk on fire");
      saves++;
      saved.put(name, snapshot);
    }
  }

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final MemoryStore store = new MemoryStore();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private EstimatorPersistence persistence(ProcessingTimeEstimator estimator) {
    return new EstimatorPersistence(store, estimator, scheduler, Clock.systemUTC());
  }

  @Test
  void aRestartForecastsAsTheRunBeforeIt() {
    ProcessingTimeEstimator before = new ProcessingTimeEstimator(ModelPriors.defaults());
    for (int i = 0; i < 10; i++) before.observe("#g1_nova-2-general", AUDIO, Duration.ofMillis(7900), Duration.ofMillis(8100));
    before.observe("#g1_whisper-large", Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(4));
    persistence(before).save();
    assertThat(store.saved).containsKey(EstimatorPersistence.NAME);
    assertThat(store.saved.get(EstimatorPersistence.NAME).version()).isEqualTo(EstimatorPersistence.FORMAT);

    ProcessingTimeEstimator after = new ProcessingTimeEstimator(ModelPriors.defaults());
    assertThat(persistence(after).restore()).isEqualTo(2);
    assertThat(after.forecast("#g1_nova-2-general", AUDIO).expectedSeconds())
        .isEqualTo(before.forecast("#g1_nova-2-general", AUDIO).expectedSeconds());
    assertThat(after.forecast("#g1_whisper-large", Optional.empty()).samples()).isEqualTo(1);
  }

  @Test
  void unreadableOrForeignStateIsIgnoredAndThePriorsStandIn() {
    ProcessingTimeEstimator estimator = new ProcessingTimeEstimator(ModelPriors.defaults());
    double prior = estimator.forecast("m", AUDIO).expectedSeconds();
    store.saved.put(EstimatorPersistence.NAME, new SnapshotStore.Snapshot(99, "[]"));
    assertThat(persistence(estimator).restore()).isZero();
    store.saved.put(EstimatorPersistence.NAME, new SnapshotStore.Snapshot(1, "{not json"));
    assertThat(persistence(estimator).restore()).isZero();
    // one bad model does not cost the others
    String good = new EstimatorSnapshot(1, "m", true, java.util.List.of(new EstimatorSnapshot.Job(30, 9, 10))).toJson();
    store.saved.put(EstimatorPersistence.NAME, new SnapshotStore.Snapshot(1, "[" + good + ",{\"version\":7}]"));
    assertThat(persistence(estimator).restore()).isEqualTo(1);
    assertThat(estimator.forecast("m", AUDIO).expectedSeconds()).isNotEqualTo(prior);
    store.broken = true;
    assertThat(persistence(estimator).restore()).isZero();
    persistence(estimator).save(); // logged, not thrown
  }

  @Test
  void manyFinishedJobsAreSavedTogetherNotOneByOne() {
    ProcessingTimeEstimator estimator = new ProcessingTimeEstimator(ModelPriors.defaults());
    EstimatorPersistence p = persistence(estimator);
    for (int i = 0; i < 100; i++) {
      estimator.observe("m", AUDIO, Duration.ofSeconds(1), Duration.ofSeconds(2));
      p.learned();
    }
    assertThat(store.saves).isZero(); // the save waits SAVE_AFTER, gathering every job meanwhile
    p.save();
    assertThat(store.saves).isEqualTo(1);
  }
}
