package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Platform updates recorded before the platform is told they arrived, so a crash right after
 * delivery loses nothing, and a redelivered update is handled once.
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

  Recorded record(String platform, long updateId, String payload, Instant receivedAt);

  /** The update is handled: its work, if any, now lives in a job. */
  void done(String platform, long updateId, Instant at);

  /** Updates recorded but not done, oldest first: what a restart must handle. */
  List<Entry> pending(String platform);

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
