package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Jobs (messages waiting for a transcript) kept across restarts, and, with several instances on one
 * database, leased to the instance working on them ({@link Instance}): a job whose instance stopped
 * renewing its leases for {@code VOXSCRIBE_LEASE} is resumed by another ({@link #takeOver}).
 */
public interface JobStore {
  /** What became of a {@link #save}. */
  enum Saved {
    /** Written, and leased to this instance while unfinished. */
    SAVED,
    /** The store failed (logged); the job goes on as if it was written, so the user still gets an answer. */
    STORE_FAILED,
    /**
     * Not written: another live instance took the job over (this one was presumed dead, paused past
     * its lease) or already finished it. This instance must stand down: no create, no answer.
     */
    TAKEN_OVER;

    /** Whether the job is still this instance's to carry on (saved, or the store could not tell). */
    public boolean ours() {
      return this != TAKEN_OVER;
    }
  }

  /**
   * Inserts or replaces the job, leased to this instance while it is unfinished. A job another
   * instance took over meanwhile is left as that one wrote it ({@link Saved#TAKEN_OVER}).
   */
  Saved save(JobRecord job);

  Optional<JobRecord> find(String id);

  /**
   * At start: every job of {@code platform} not yet delivered or failed that is this instance's
   * (from its last run) or no live instance's (its lease lapsed), oldest first, now leased to this
   * instance. A job another live instance works on is not among them.
   */
  List<JobRecord> unfinished(String platform);

  /**
   * While running: the unfinished jobs of {@code platform} whose instance stopped renewing (killed,
   * frozen, cut off from the database) for longer than the lease, oldest first, now this instance's.
   * Each lapsed job goes to exactly one instance, however many ask at once.
   */
  default List<JobRecord> takeOver(String platform) {
    return List.of();
  }

  /** Renews the leases of this instance's unfinished jobs; returns how many (-1: the store failed). */
  default int renew() {
    return 0;
  }

  /** Deletes finished jobs last touched before {@code before}. */
  int purge(Instant before);

  JobStore NONE = new JobStore() {
    @Override public Saved save(JobRecord job) { return Saved.STORE_FAILED; }
    @Override public Optional<JobRecord> find(String id) { return Optional.empty(); }
    @Override public List<JobRecord> unfinished(String platform) { return List.of(); }
    @Override public int purge(Instant before) { return 0; }
  };
}
