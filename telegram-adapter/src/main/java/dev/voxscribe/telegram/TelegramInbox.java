package dev.voxscribe.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.store.Inbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram updates in the store's inbox: each one recorded, as the raw JSON Telegram sent, before
 * Telegram is told it arrived, so a crash right after delivery loses nothing and a redelivery is
 * handled once.
 */
final class TelegramInbox {
  private static final Logger log = LoggerFactory.getLogger(TelegramInbox.class);

  private final Inbox inbox;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  TelegramInbox(Inbox inbox, Clock clock) {
    this.inbox = inbox;
    this.clock = clock;
  }

  /** Records the update; false when it was recorded before (a redelivery), so it is not handled again. */
  boolean firstTime(long updateId, String raw) {
    Inbox.Recorded recorded = inbox.record(TelegramJobs.PLATFORM, updateId, raw, clock.instant());
    if (recorded == Inbox.Recorded.DUPLICATE) {
      log.info("Update {} was delivered before; not handled again", updateId);
      return false;
    }
    return true;
  }

  void done(long updateId) {
    inbox.done(TelegramJobs.PLATFORM, updateId, clock.instant());
  }

  /** Updates recorded before a restart and never handled, oldest first, decoded as on arrival. */
  List<ReceivedUpdate> pending(UpdateDecoder decoder) {
    return decoded(inbox.pending(TelegramJobs.PLATFORM), decoder);
  }

  /**
   * Updates another instance on the database recorded and never handled before it stopped (its
   * lease lapsed), oldest first, now this instance's, decoded as on arrival.
   */
  List<ReceivedUpdate> takeOver(UpdateDecoder decoder) {
    return decoded(inbox.takeOver(TelegramJobs.PLATFORM), decoder);
  }

  private List<ReceivedUpdate> decoded(List<Inbox.Entry> entries, UpdateDecoder decoder) {
    List<ReceivedUpdate> out = new ArrayList<>();
    for (Inbox.Entry e : entries) {
      Optional<ReceivedUpdate> decoded;
      try {
        JsonNode node = json.readTree(e.payload());
        decoded = decoder.decode(node);
      } catch (Exception ex) {
        decoded = Optional.empty();
      }
      if (decoded.isPresent()) {
        out.add(decoded.get());
      } else {
        log.warn("Recorded update {} cannot be read back; it is skipped", e.updateId());
        done(e.updateId());
      }
    }
    return out;
  }
}
