package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Jobs the speech service took, by cache key, until they are final: after a restart the same audio
 * is polled again under its generation id instead of being paid for twice.
 */
public interface GenerationStore {
  record Generation(String generationId, Instant createdAt) {}

  void put(String key, Generation generation);

  Optional<Generation> find(String key);

  void remove(String key);

  /** Every key the generation was recorded under (its content key and platform keys). */
  List<String> keys(String generationId);

  /** Deletes generations created before {@code before} (the service keeps results one hour). */
  int purge(Instant before);

  GenerationStore NONE = new GenerationStore() {
    @Override public void put(String key, Generation generation) {}
    @Override public Optional<Generation> find(String key) { return Optional.empty(); }
    @Override public void remove(String key) {}
    @Override public List<String> keys(String generationId) { return List.of(); }
    @Override public int purge(Instant before) { return 0; }
  };
}
