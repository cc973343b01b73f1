package dev.voxscribe.telegram;

import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Where a reply goes: the chat, the message it answers, and the forum topic it belongs to.
 *
 * @param threadId the topic, only for messages in a forum topic (Telegram refuses a thread id elsewhere)
 */
record ReplyTarget(long chatId, int messageId, Optional<Integer> threadId) {

  /** A reply to {@code message}, in its topic. */
  static ReplyTarget to(Message message) {
    return to(message, message);
  }

  /** A reply to {@code original}, in the topic of {@code context} (the message that asked). */
  static ReplyTarget to(Message original, Message context) {
    Optional<Integer> thread = Boolean.TRUE.equals(context.getIsTopicMessage())
        ? Optional.ofNullable(context.getMessageThreadId()) : Optional.empty();
    return new ReplyTarget(original.getChatId(), original.getMessageId(), thread);
  }
}
