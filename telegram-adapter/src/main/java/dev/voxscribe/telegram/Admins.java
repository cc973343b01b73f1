package dev.voxscribe.telegram;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Who may change a chat's settings: anyone in a private chat, the admins in a group. */
final class Admins {
  private static final Logger log = LoggerFactory.getLogger(Admins.class);
  private static final Set<String> ADMIN_STATUSES = Set.of("creator", "administrator");

  private final BotApi api;

  Admins(BotApi api) {
    this.api = api;
  }

  CompletableFuture<Boolean> mayChangeSettings(Message message) {
    Chat chat = message.getChat();
    if (Boolean.TRUE.equals(chat.isUserChat())) return CompletableFuture.completedFuture(true);
    // An anonymous admin writes as the group itself.
    Chat senderChat = message.getSenderChat();
    if (senderChat != null && chat.getId().equals(senderChat.getId())) return CompletableFuture.completedFuture(true);
    User from = message.getFrom();
    if (from == null) return CompletableFuture.completedFuture(false);
    return api.call(BotApi.NO_CHAT, "getChatMember", () -> new GetChatMember(chat.getId().toString(), from.getId()))
        .thenApply(member -> ADMIN_STATUSES.contains(member.getStatus()))
        .exceptionally(e -> {
          log.warn("Could not check whether user {} is an admin of chat {}: {}", from.getId(), chat.getId(),
              BotApi.describe(e));
          return false;
        });
  }
}
