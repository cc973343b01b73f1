package dev.voxscribe.discord;

import dev.voxscribe.core.spend.Requester;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.interactions.Interaction;

/**
 * Who asks, as quotas and the allowlist see it: the Discord user, in their server (a server the
 * bot was never added to counts too, by its id), or on their own in DMs and group DMs.
 */
final class Askers {
  private Askers() {}

  static Requester of(Interaction interaction) {
    String user = interaction.getUser().getId();
    Guild guild = interaction.getGuild();
    return guild != null ? Requester.inGroup("discord", user, guild.getId()) : Requester.inPrivate("discord", user);
  }

  /** The author of {@code message}, in its server or DM (a message read from history has no event). */
  static Requester of(net.dv8tion.jda.api.entities.Message message) {
    String user = message.getAuthor().getId();
    return message.isFromGuild()
        ? Requester.inGroup("discord", user, message.getGuild().getId())
        : Requester.inPrivate("discord", user);
  }

  static Requester of(MessageReceivedEvent event) {
    String user = event.getAuthor().getId();
    return event.isFromGuild()
        ? Requester.inGroup("discord", user, event.getGuild().getId())
        : Requester.inPrivate("discord", user);
  }
}
