package dev.voxscribe.discord;

import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;

/** The three kinds of handler a feature can be; {@link Features} lists every instance. */
final class Handlers {
  private Handlers() {}

  /** A slash command: its definition and what it does. */
  interface Slash {
    CommandData data();

    void handle(SlashCommandInteractionEvent event);
  }

  /** A message context-menu command. */
  interface MessageMenu {
    CommandData data();

    void handle(MessageContextInteractionEvent event);
  }

  /** A button under one of the bot's messages, chosen by its custom id. */
  interface Button {
    boolean handles(String customId);

    void handle(ButtonInteractionEvent event);
  }

  /** Something done with incoming messages. */
  interface OnMessage {
    void handle(MessageReceivedEvent event);
  }
}
