package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Jobs (messages waiting for a transcript) kept across restarts. */
public interface JobStore {
  /** Inserts or replaces the job; returns false when the store failed (logged). */
  boolean save(JobRecord job);

  Optional<JobRecord> find(String id);

  /** Every job of {@code platform} not yet delivered or failed, oldest first. */
  List<JobRecord> unfinished(String platform);

  /** Deletes finished jobs last touched before {@code before}. */
  int purge(Instant before);

  JobStore NONE = new JobStore() {
    @Override public boolean save(JobRecord job) { return false; }
    @Override public Optional<JobRecord> find(String id) { return Optional.empty(); }
    @Override public List<JobRecord> unfinished(String platform) { return List.of(); }
    @Override public int purge(Instant before) { return 0; }
  };
}
