package dev.voxscribe.telegram;

import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.store.UndecodableUpdates;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every update: an undecodable one is logged (one line), counted, kept raw
 * for inspection and skipped, unless part of it could still be read (a voice note in an otherwise
 * odd message), which goes on to the router like any other update.
 */
final class Intake implements UpdateHandler {
  private static final Logger log = LoggerFactory.getLogger(Intake.class);
  static final String PLATFORM = "telegram";

  private final UpdateRouter router;
  private final UndecodableUpdates undecodable;
  private final Metrics metrics;
  private final Clock clock;

  Intake(UpdateRouter router, UndecodableUpdates undecodable, Metrics metrics, Clock clock) {
    this.router = router;
    this.undecodable = undecodable;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void handle(ReceivedUpdate update) {
    if (!update.decoded()) skipped(update);
    update.update().ifPresent(router::accept);
  }

  private void skipped(ReceivedUpdate update) {
    String reason = update.problem().orElse("");
    log.warn("Update {} ({}) cannot be decoded by TelegramBots: {}. {}", update.updateId(), update.kind(), reason,
        update.update().isPresent() ? "Its media is handled all the same" : "Skipped; kept raw for inspection");
    metrics.undecodableUpdate();
    // The store logs its own failures and never throws: keeping it is for inspection only.
    undecodable.keep(new UndecodableUpdates.Kept(PLATFORM, update.updateId(), update.kind(), reason, update.raw(),
        clock.instant()));
  }
}
