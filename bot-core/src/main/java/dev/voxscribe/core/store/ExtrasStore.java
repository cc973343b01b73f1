package dev.voxscribe.core.store;

import dev.voxscribe.core.Transcript;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Transcripts kept for their buttons, by a short id, and what the buttons made of them (summaries,
 * translations) by transcript, kind and target. Results live as long as their transcript.
 */
public interface ExtrasStore {
  /** A result made from a kept transcript. */
  record Extra(String content, String model, Optional<BigDecimal> usdSpent, Instant createdAt) {}

  /** Keeps (or keeps longer) {@code transcript} under {@code id}; false when the store failed (logged). */
  boolean keep(String id, Transcript transcript, Instant expiresAt);

  /** The kept transcript, unless it expired. */
  Optional<Transcript> transcript(String id, Instant now);

  Optional<Extra> extra(String transcriptId, String kind, String target);

  void putExtra(String transcriptId, String kind, String target, Extra extra);

  /** Deletes expired transcripts and their results. */
  int purge(Instant now);

  ExtrasStore NONE = new ExtrasStore() {
    @Override public boolean keep(String id, Transcript transcript, Instant expiresAt) { return false; }
    @Override public Optional<Transcript> transcript(String id, Instant now) { return Optional.empty(); }
    @Override public Optional<Extra> extra(String transcriptId, String kind, String target) { return Optional.empty(); }
    @Override public void putExtra(String transcriptId, String kind, String target, Extra extra) {}
    @Override public int purge(Instant now) { return 0; }
  };
}
