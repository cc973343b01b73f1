package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Opaque state a component hands over to be kept across restarts (what the poll estimator has
 * learned). The store never looks inside: the component owns the format and its version, and
 * ignores a snapshot whose version it does not know.
 */
public interface SnapshotStore {
  record Snapshot(int version, String content) {}

  Optional<Snapshot> load(String name);

  void save(String name, Snapshot snapshot, Instant at);

  SnapshotStore NONE = new SnapshotStore() {
    @Override public Optional<Snapshot> load(String name) { return Optional.empty(); }
    @Override public void save(String name, Snapshot snapshot, Instant at) {}
  };
}
