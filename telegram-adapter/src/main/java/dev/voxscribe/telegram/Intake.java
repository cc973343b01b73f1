package dev.voxscribe.telegram;

import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.store.UndecodableUpdates;
import dev.voxscribe.core.store.Inbox;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
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
  private final TelegramInbox inbox;

  Intake(UpdateRouter router, UndecodableUpdates undecodable, Metrics metrics, Clock clock) {
    this(router, undecodable, metrics, clock, new TelegramInbox(Inbox.NONE, clock));
  }

  /** With the inbox: each update is recorded first, so a crash right after delivery loses nothing. */
  Intake(UpdateRouter router, UndecodableUpdates undecodable, Metrics metrics, Clock clock, TelegramInbox inbox) {
    this.inbox = inbox;
    this.router = router;
    this.undecodable = undecodable;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void handle(ReceivedUpdate update) {
    // On the poll thread, before the next getUpdates confirms it (before the webhook answers 200).
    if (!inbox.firstTime(update.updateId(), update.raw())) return;
    route(update);
  }

  /**
   * Updates recorded before a restart and never handled, in the order they came. One whose message
   * already has a job (taken just before the crash, and resumed as a job) is not handled twice.
   */
  void replay(List<ReceivedUpdate> updates, Predicate<Message> hasJob) {
    if (!updates.isEmpty()) log.info("Handling {} updates received before the restart", updates.size());
    handleLeft(updates, hasJob);
  }

  /**
   * Updates another instance recorded and never handled before it stopped (several on one
   * database), taken over once its lease lapsed: handled as after a restart, so one that already
   * became a job there (resumed by the jobs' own take-over) is not handled twice.
   */
  void takeOver(List<ReceivedUpdate> updates, Predicate<Message> hasJob) {
    if (!updates.isEmpty()) log.info("Handling {} updates left by an instance that stopped", updates.size());
    handleLeft(updates, hasJob);
  }

  private void handleLeft(List<ReceivedUpdate> updates, Predicate<Message> hasJob) {
    for (ReceivedUpdate update : updates) {
      Message message = update.update().map(Update::getMessage).orElse(null);
      if (message != null && hasJob.test(message)) {
        log.info("Update {} already became a job; not handled again", update.updateId());
        inbox.done(update.updateId());
        continue;
      }
      route(update);
    }
  }

  private void route(ReceivedUpdate update) {
    if (!update.decoded()) skipped(update);
    Runnable handled = () -> inbox.done(update.updateId());
    update.update().ifPresentOrElse(u -> router.accept(u, handled), handled);
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
