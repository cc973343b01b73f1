package dev.voxscribe.discord;

import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/**
 * Where the commands can be used, and where the bot can only answer through the interaction.
 *
 * <p>With User Install, someone who added the app to their account uses {@code /transcribe} and the
 * menu in any server or group DM, also where the bot is no member. There Discord lets the app
 * answer the interaction and nothing else: JDA hands over detached channel and guild objects,
 * whose REST actions would fail, so nothing but the interaction's own callback and webhook is used.
 */
final class Reach {
  private Reach() {}

  /** Guild and user installs; servers, DMs with the bot, and group DMs or DMs between users. */
  static <T extends CommandData> T everywhere(T command) {
    command.setIntegrationTypes(IntegrationType.GUILD_INSTALL, IntegrationType.USER_INSTALL);
    command.setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM,
        InteractionContextType.PRIVATE_CHANNEL);
    return command;
  }

  /**
   * True where the bot is not a member: a group DM or another people's DM (PRIVATE_CHANNEL), or a
   * server it was never added to (detached guild). Answers there are private unless asked otherwise.
   */
  static boolean onlyThroughInteraction(Interaction interaction) {
    InteractionContextType context = interaction.getContext();
    if (context == InteractionContextType.PRIVATE_CHANNEL) return true;
    return context == InteractionContextType.GUILD && !interaction.isFromAttachedGuild();
  }
}
