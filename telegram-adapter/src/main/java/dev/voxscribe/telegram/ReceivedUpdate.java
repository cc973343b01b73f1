package dev.voxscribe.telegram;

import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * One element of a {@code getUpdates} answer (or one webhook call), as it came and as far as it
 * could be decoded.
 *
 * @param updateId Telegram's {@code update_id}
 * @param kind what it is, as far as the JSON shows: {@code message.voice}, {@code message.gift}, …
 * @param raw the element's JSON
 * @param update the decoded update; for an undecodable one, what the bot could still read of it
 *     (its message with the media, without the parts that failed), or empty
 * @param problem why the library could not decode it; empty when it could
 */
record ReceivedUpdate(long updateId, String kind, String raw, Optional<Update> update, Optional<String> problem) {

  /** Whether TelegramBots decoded the whole update. */
  boolean decoded() {
    return problem.isEmpty();
  }
}
