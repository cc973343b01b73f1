package dev.voxscribe.telegram;

import dev.voxscribe.core.spend.Spending;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /stats}, for the operators of {@code VOXSCRIBE_ADMINS} only: today's and this month's
 * paid jobs, cache hits, audio, spend, busiest chats and refusals. Not in the public menu.
 */
final class StatsCommand implements Command {
  private static final Logger log = LoggerFactory.getLogger(StatsCommand.class);

  private final Spending spending;
  private final BotApi api;
  private final Messages messages;

  StatsCommand(Spending spending, BotApi api, Messages messages) {
    this.spending = spending;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return "stats";
  }

  @Override
  public String description() {
    return Messages.MENU_STATS;
  }

  @Override
  public boolean inMenu() {
    return false;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    // Only the sender's own account counts: an anonymous admin writes as the group, which is no operator.
    boolean operator = message.getFrom() != null && message.getSenderChat() == null
        && spending.isAdmin(dev.voxscribe.core.spend.Requester.inPrivate("telegram", Long.toString(message.getFrom().getId())));
    if (!operator) {
      log.info("/stats refused to user {} in chat {}: not in VOXSCRIBE_ADMINS",
          message.getFrom() == null ? "unknown" : message.getFrom().getId(), message.getChatId());
      return api.reply(ReplyTarget.to(message), messages.statsOperatorsOnly());
    }
    return api.reply(ReplyTarget.to(message), messages.to(message).stats(spending.stats()));
  }
}
