package dev.voxscribe.testing.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * A message the bot posted as a guest (through answerGuestQuery), as it stands now.
 *
 * @param guestQueryId the query it answered
 * @param chatId the chat it appeared in (where the bot is no member)
 * @param inlineMessageId the id {@code editMessageText} edits it by
 * @param versions every text it has had, oldest first
 */
public record GuestReply(String guestQueryId, long chatId, String inlineMessageId, List<String> versions) {

  public GuestReply {
    versions = List.copyOf(versions);
  }

  GuestReply(String guestQueryId, long chatId, String inlineMessageId, String first) {
    this(guestQueryId, chatId, inlineMessageId, List.of(first));
  }

  /** The current text. */
  public String text() {
    return versions.get(versions.size() - 1);
  }

  GuestReply edited(String text) {
    List<String> next = new ArrayList<>(versions);
    next.add(text);
    return new GuestReply(guestQueryId, chatId, inlineMessageId, next);
  }
}
