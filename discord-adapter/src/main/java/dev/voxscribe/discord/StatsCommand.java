package dev.voxscribe.discord;

import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.Spending;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /stats}, for the operators of {@code VOXSCRIBE_ADMINS} only, always private. */
final class StatsCommand implements Handlers.Slash {
  static final String NAME = "stats";
  private static final Logger log = LoggerFactory.getLogger(StatsCommand.class);

  private final Spending spending;

  StatsCommand(Spending spending) {
    this.spending = spending;
  }

  @Override
  public CommandData data() {
    return Reach.everywhere(Commands.slash(NAME, Messages.STATS_DESCRIPTION));
  }

  @Override
  public void handle(SlashCommandInteractionEvent event) {
    if (!spending.isAdmin(Requester.inPrivate("discord", event.getUser().getId()))) {
      log.info("/stats refused to user {}: not in VOXSCRIBE_ADMINS", event.getUser().getId());
      Replies.privately(event, Messages.to(event).statsOperatorsOnly());
      return;
    }
    Replies.privately(event, Messages.to(event).stats(spending.stats()));
  }
}
