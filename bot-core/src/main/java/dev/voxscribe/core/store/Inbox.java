package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Platform updates recorded before the platform is told they arrived, so a crash right after
 * delivery loses nothing, and a redelivered update is handled once. With several instances on one
 * database ({@link Instance}), a pending update is leased to the instance that recorded it, as jobs
 * are: one that instance never handled (it died first) is handled by another once the lease lapsed
 * ({@link #takeOver}), without waiting for a restart.
 */
public interface Inbox {
  /** How {@link #record} went. */
  enum Recorded {
    /** First time seen, now recorded: handle it. */
    NEW,
    /** Recorded before (a redelivery): do not handle it again. */
    DUPLICATE,
    /** The store failed (logged): handle it anyway, the user still gets an answer. */
    UNRECORDED
  }

  /** One recorded update, as the platform sent it. */
  record Entry(String platform, long updateId, String payload, Instant receivedAt) {}

  /** Records the update, leased to this instance until it is {@link #done}. */
  Recorded record(String platform, long updateId, String payload, Instant receivedAt);

  /** The update is handled: its work, if any, now lives in a job. */
  void done(String platform, long updateId, Instant at);

  /**
   * At start: updates recorded but not done, oldest first, that this instance recorded (in its last
   * run), no instance holds (recorded before leases), or whose instance's lease lapsed; now leased
   * to this instance. What another live instance is handling is not among them.
   */
  List<Entry> pending(String platform);

  /**
   * While running: updates of {@code platform} not done whose instance stopped renewing (killed,
   * frozen, cut off from the database) for longer than the lease, oldest first, now this
   * instance's. Each goes to exactly one instance, however many ask at once; updates recorded
   * before leases are left to {@link #pending}.
   */
  default List<Entry> takeOver(String platform) {
    return List.of();
  }

  /** Renews the leases of this instance's updates not yet done; returns how many (-1: the store failed). */
  default int renew() {
    return 0;
  }

  /** Deletes handled updates older than {@code before}; keeps enough to recognise redeliveries. */
  int purge(Instant before);

  /** An inbox that records nothing (the command line, tests of other parts). */
  Inbox NONE = new Inbox() {
    @Override public Recorded record(String platform, long updateId, String payload, Instant receivedAt) {
      return Recorded.UNRECORDED;
    }
    @Override public void done(String platform, long updateId, Instant at) {}
    @Override public List<Entry> pending(String platform) { return List.of(); }
    @Override public int purge(Instant before) { return 0; }
  };
}
