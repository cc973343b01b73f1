package dev.voxscribe.telegram;

import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** {@code /start} and {@code /help}: what the bot does, and for groups what it needs to see messages. */
final class HelpCommand implements Command {
  private final String name;
  private final String description;
  private final BotApi api;
  private final Messages messages;

  HelpCommand(String name, String description, BotApi api, Messages messages) {
    this.name = name;
    this.description = description;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    boolean privateChat = Boolean.TRUE.equals(message.getChat().isUserChat());
    return api.reply(ReplyTarget.to(message), privateChat ? messages.to(message).helpPrivate() : messages.to(message).helpGroup());
  }
}
