package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Jobs the speech service took, by cache key, until they are final: after a restart the same audio
 * is polled again under its generation id instead of being paid for twice.
 */
public interface GenerationStore {
  /**
   * @param generationId the service's id; for a create sent but not answered, a note in its place
   *     ({@link #unanswered()})
   */
  record Generation(String generationId, Instant createdAt) {
    static final String UNANSWERED = "unanswered:";

    /**
     * A create that went to the service whole at {@code at} and whose answer had not come: the
     * service may have the job, but its id is unknown. Never a real id (those have no colon).
     */
    public static Generation sentUnanswered(String requestId, Instant at) {
      return new Generation(UNANSWERED + requestId, at);
    }

    /** Whether this is the note of {@link #sentUnanswered}, not a generation that can be polled. */
    public boolean unanswered() {
      return generationId.startsWith(UNANSWERED);
    }
  }

  /**
   * How much longer than a generation the note of a create sent but not answered is kept: the job
   * waiting for it may be resumed after a long stop, and must still find that it may have been paid.
   */
  java.time.Duration KEEP_UNANSWERED_LONGER = java.time.Duration.ofHours(23);

  void put(String key, Generation generation);

  Optional<Generation> find(String key);

  void remove(String key);

  /** Every key the generation was recorded under (its content key and platform keys). */
  List<String> keys(String generationId);

  /**
   * Deletes generations created before {@code before} (the service keeps results one hour), and
   * notes of unanswered creates {@link #KEEP_UNANSWERED_LONGER} before that.
   */
  int purge(Instant before);

  /**
   * Claims the create of {@code key} for this instance (one create per audio in the whole cluster):
   * true when no other live instance is creating it now (or the store failed: better a second
   * create than no answer). Held until {@link #releaseCreate}, renewed by {@link #renewCreates},
   * lapsing after the lease when this instance dies.
   */
  default boolean claimCreate(String key) {
    return true;
  }

  /** This instance no longer creates {@code key}: the service took it (see {@link #put}) or it failed. */
  default void releaseCreate(String key) {}

  /** Renews this instance's create claims; returns how many (-1: the store failed). */
  default int renewCreates() {
    return 0;
  }

  GenerationStore NONE = new GenerationStore() {
    @Override public void put(String key, Generation generation) {}
    @Override public Optional<Generation> find(String key) { return Optional.empty(); }
    @Override public void remove(String key) {}
    @Override public List<String> keys(String generationId) { return List.of(); }
    @Override public int purge(Instant before) { return 0; }
  };
}
