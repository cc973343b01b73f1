package dev.voxscribe.telegram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which media message the bot answered with which reply, for the most recent answers: an edit that
 * replaces a message's audio or video is recognised by its new {@code file_unique_id}, and the old
 * reply is edited rather than a second one sent. Kept in memory; after a restart, edits of messages
 * answered before it are ignored like any other edit.
 */
final class Answered {
  /** Media messages are rarely edited long after they were sent: the newest answers are enough. */
  static final int CAPACITY = 10_000;

  /**
   * @param fileUniqueId the media that was transcribed
   * @param replyMessageId the bot's first reply (the one an edit rewrites)
   */
  record Answer(String fileUniqueId, int replyMessageId) {}

  private record Key(long chatId, int messageId) {}

  private final Map<Key, Answer> answers = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
      return size() > CAPACITY;
    }
  };

  synchronized void record(ReplyTarget target, String fileUniqueId, int replyMessageId) {
    answers.put(new Key(target.chatId(), target.messageId()), new Answer(fileUniqueId, replyMessageId));
  }

  synchronized Optional<Answer> of(long chatId, int messageId) {
    return Optional.ofNullable(answers.get(new Key(chatId, messageId)));
  }
}
