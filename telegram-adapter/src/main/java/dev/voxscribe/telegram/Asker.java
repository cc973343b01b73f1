package dev.voxscribe.telegram;

import dev.voxscribe.core.spend.Requester;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Who asked for a transcription, and how: quotas, the allowlist and fair queueing go by the
 * person and chat; {@code automatic} (auto mode in a group) decides whether a refusal is told.
 */
record Asker(Requester who, boolean automatic) {

  /** The sender of {@code message} in its chat; an anonymous admin or a channel counts as its chat. */
  static Asker of(Message message, boolean automatic) {
    return new Asker(requester(message), automatic);
  }

  static Requester requester(Message message) {
    Chat chat = message.getChat();
    String chatId = Long.toString(chat.getId());
    Chat senderChat = message.getSenderChat();
    User from = message.getFrom();
    String person = senderChat != null ? Long.toString(senderChat.getId())
        : from != null ? Long.toString(from.getId()) : chatId;
    return Boolean.TRUE.equals(chat.isUserChat())
        ? Requester.inPrivate("telegram", person)
        : Requester.inGroup("telegram", person, chatId);
  }

  /** Auto-transcription in a group or channel: refusals are told at most once a day, or not at all. */
  boolean quietRefusals() {
    return automatic && !who.privateChat();
  }
}
