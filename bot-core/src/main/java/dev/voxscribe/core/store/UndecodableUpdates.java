package dev.voxscribe.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Updates a platform sent that its library could not decode, kept raw for inspection; the bot
 * skips them (and transcribes what it can still read of them). At most {@link #MAX_KEPT} per
 * platform are kept, the newest: a platform that changed a shape for good must not fill the disk.
 */
public interface UndecodableUpdates {
  int MAX_KEPT = 1000;

  /**
   * One undecodable update.
   *
   * @param kind what it is, as far as the JSON shows ({@code message.gift})
   * @param reason why the library could not decode it, in one line
   * @param raw the update's JSON
   */
  record Kept(String platform, long updateId, String kind, String reason, String raw, Instant receivedAt) {}

  /** Keeps {@code update}; the same platform and id again replaces the earlier copy. Never throws. */
  void keep(Kept update);

  /** The newest kept updates of {@code platform}, newest first. */
  List<Kept> recent(String platform, int limit);

  UndecodableUpdates NONE = new UndecodableUpdates() {
    @Override public void keep(Kept update) {}
    @Override public List<Kept> recent(String platform, int limit) { return List.of(); }
  };
}
