package dev.voxscribe.discord;

import dev.voxscribe.core.transcribe.TranscriptionLimits;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;

/** {@code /help}: what the bot does and how to use it, privately, in the caller's language. */
final class HelpCommand implements Handlers.Slash {
  static final String NAME = "help";

  private final TranscriptionLimits limits;

  HelpCommand(TranscriptionLimits limits) {
    this.limits = limits;
  }

  @Override
  public CommandData data() {
    return Reach.everywhere(Commands.slash(NAME, Messages.HELP_DESCRIPTION));
  }

  @Override
  public void handle(SlashCommandInteractionEvent event) {
    Replies.privately(event, Messages.to(event).help(limits));
  }
}
