package dev.voxscribe.core.store;

import dev.voxscribe.core.Transcript;
import java.time.Instant;
import java.util.Optional;

/** Finished transcripts by cache key, until they expire. Failures are never stored. */
public interface TranscriptStore {
  Optional<Transcript> find(String key, Instant now);

  void put(String key, Transcript transcript, Instant expiresAt);

  /** Deletes expired rows, so the database does not grow without bound. */
  int purge(Instant now);

  TranscriptStore NONE = new TranscriptStore() {
    @Override public Optional<Transcript> find(String key, Instant now) { return Optional.empty(); }
    @Override public void put(String key, Transcript transcript, Instant expiresAt) {}
    @Override public int purge(Instant now) { return 0; }
  };
}
