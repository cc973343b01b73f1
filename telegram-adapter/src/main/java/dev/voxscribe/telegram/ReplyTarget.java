package dev.voxscribe.telegram;

import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Where a reply goes: the chat, the message it answers, and the forum topic it belongs to.
 *
 * @param threadId the topic, only for messages in a forum topic (Telegram refuses a thread id elsewhere)
 * @param askerLanguage the {@code language_code} of the person the reply answers (empty when unknown):
 *     the reply is written in it in private chats, and in groups set to {@code /ui auto}
 */
record ReplyTarget(long chatId, int messageId, Optional<Integer> threadId, String askerLanguage) {

  ReplyTarget(long chatId, int messageId, Optional<Integer> threadId) {
    this(chatId, messageId, threadId, "");
  }

  /** A reply to {@code message}, in its topic. */
  static ReplyTarget to(Message message) {
    return to(message, message);
  }

  /** A reply to {@code original}, in the topic of {@code context} (the message that asked). */
  static ReplyTarget to(Message original, Message context) {
    Optional<Integer> thread = Boolean.TRUE.equals(context.getIsTopicMessage())
        ? Optional.ofNullable(context.getMessageThreadId()) : Optional.empty();
    String asker = context.getFrom() == null || context.getFrom().getLanguageCode() == null
        ? "" : context.getFrom().getLanguageCode();
    return new ReplyTarget(original.getChatId(), original.getMessageId(), thread, asker);
  }
}
