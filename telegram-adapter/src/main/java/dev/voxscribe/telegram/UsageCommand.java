package dev.voxscribe.telegram;

import dev.voxscribe.core.spend.Spending;
import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** {@code /usage}: the sender's minutes and transcriptions today, the chat's in a group, the limits and their reset. */
final class UsageCommand implements Command {
  private final Spending spending;
  private final BotApi api;
  private final Messages messages;

  UsageCommand(Spending spending, BotApi api, Messages messages) {
    this.spending = spending;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return "usage";
  }

  @Override
  public String description() {
    return Messages.MENU_USAGE;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    return api.reply(ReplyTarget.to(message), messages.to(message).usage(spending.usage(Asker.requester(message)), spending.now()));
  }
}
