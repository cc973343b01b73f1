package dev.voxscribe.discord;

import dev.voxscribe.core.spend.Spending;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;

/** {@code /usage}: your minutes and transcriptions today, your server's, the limits and their reset; only you see it. */
final class UsageCommand implements Handlers.Slash {
  static final String NAME = "usage";

  private final Spending spending;

  UsageCommand(Spending spending) {
    this.spending = spending;
  }

  @Override
  public CommandData data() {
    return Reach.everywhere(Commands.slash(NAME, Messages.USAGE_DESCRIPTION));
  }

  @Override
  public void handle(SlashCommandInteractionEvent event) {
    Replies.privately(event, Messages.to(event).usage(spending.usage(Askers.of(event)), spending.now()));
  }
}
