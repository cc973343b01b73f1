package dev.voxscribe.testing.telegram;

import java.util.List;
import java.util.Optional;

/**
 * A text message the bot sent, as it stands now.
 *
 * @param text the current text (after edits)
 * @param versions every text it has had, oldest first; more than one means it was edited
 * @param replyTo the message it replies to
 * @param threadId the forum topic it was sent in
 */
public record SentMessage(
    long chatId, int messageId, String text, List<String> versions, Optional<Integer> replyTo, Optional<Integer> threadId) {

  public boolean edited() {
    return versions.size() > 1;
  }
}
