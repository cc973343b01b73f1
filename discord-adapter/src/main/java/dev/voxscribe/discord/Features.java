package dev.voxscribe.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every command, menu and message handler of the Discord bot, listed in one place, and the one
 * listener that routes Discord's events to them by name.
 */
final class Features extends ListenerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Features.class);

  private final Map<String, Handlers.Slash> slash;
  private final Map<String, Handlers.MessageMenu> menus;
  private final List<Handlers.OnMessage> onMessage;

  private final List<Handlers.Button> buttons;

  Features(Transcriber transcriber, AutoSettings settings, GatewayState gateway) {
    this(transcriber, settings, new VoiceMessages(transcriber, settings), gateway);
  }

  /** With the voice-message handler given, so the catch-up after a reconnect answers through it too. */
  Features(Transcriber transcriber, AutoSettings settings, VoiceMessages voice, GatewayState gateway) {
    this(
        List.of(new TranscribeCommand(transcriber), new AutoTranscribeCommand(settings, gateway),
            new UsageCommand(transcriber.service().spending()), new StatsCommand(transcriber.service().spending()),
            new HelpCommand(transcriber.service().limits())),
        List.of(new TranscribeMenu(transcriber)),
        List.of(voice),
        List.of(new TranscriptButtons(transcriber.extras())));
  }

  private Features(List<Handlers.Slash> slash, List<Handlers.MessageMenu> menus, List<Handlers.OnMessage> onMessage,
      List<Handlers.Button> buttons) {
    this.buttons = List.copyOf(buttons);
    this.slash = slash.stream().collect(Collectors.toUnmodifiableMap(h -> h.data().getName(), Function.identity()));
    this.menus = menus.stream().collect(Collectors.toUnmodifiableMap(h -> h.data().getName(), Function.identity()));
    this.onMessage = List.copyOf(onMessage);
  }

  /** Every command definition, for registration. */
  List<CommandData> commands() {
    List<CommandData> all = new ArrayList<>();
    slash.values().forEach(h -> all.add(h.data()));
    menus.values().forEach(h -> all.add(h.data()));
    // Names, descriptions and options in every supported language, from the bundles.
    // (JDA applies a localization function when it serialises, under lower-cased keys: the
    // message menu, whose name is capitalised, gets its names set directly instead.)
    for (CommandData c : all) {
      if (c.getType() == Command.Type.MESSAGE) c.setNameLocalizations(Messages.menuNameLocalizations());
      else c.setLocalizationFunction(Messages.LOCALIZATION);
    }
    return all;
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    Handlers.Slash handler = slash.get(event.getName());
    if (handler == null) {
      log.warn("Slash command /{} has no handler (a stale registration?)", event.getName());
      Replies.privately(event, Messages.to(event).unknownCommand());
      return;
    }
    try {
      handler.handle(event);
    } catch (RuntimeException e) {
      log.error("/{} failed in interaction {}", event.getName(), event.getId(), e);
      if (!event.isAcknowledged()) Replies.privately(event, Messages.to(event).unexpected());
    }
  }

  @Override
  public void onMessageContextInteraction(MessageContextInteractionEvent event) {
    Handlers.MessageMenu handler = menus.get(event.getName());
    if (handler == null) {
      log.warn("Message menu '{}' has no handler (a stale registration?)", event.getName());
      Replies.privately(event, Messages.to(event).unknownCommand());
      return;
    }
    try {
      handler.handle(event);
    } catch (RuntimeException e) {
      log.error("Menu '{}' failed in interaction {}", event.getName(), event.getId(), e);
      if (!event.isAcknowledged()) Replies.privately(event, Messages.to(event).unexpected());
    }
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    Handlers.Button handler = buttons.stream().filter(b -> b.handles(event.getComponentId())).findFirst().orElse(null);
    if (handler == null) {
      log.warn("Button '{}' has no handler (an old message?)", event.getComponentId());
      Replies.privately(event, Messages.to(event).unavailable());
      return;
    }
    try {
      handler.handle(event);
    } catch (RuntimeException e) {
      log.error("Button '{}' failed in interaction {}", event.getComponentId(), event.getId(), e);
      if (!event.isAcknowledged()) Replies.privately(event, Messages.to(event).unexpected());
    }
  }

  @Override
  public void onMessageReceived(MessageReceivedEvent event) {
    for (Handlers.OnMessage handler : onMessage) {
      try {
        handler.handle(event);
      } catch (RuntimeException e) {
        log.error("Handling message {} failed", event.getMessageId(), e);
      }
    }
  }
}
