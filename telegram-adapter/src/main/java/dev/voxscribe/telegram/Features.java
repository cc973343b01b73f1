package dev.voxscribe.telegram;

import dev.voxscribe.core.spend.Spending;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

/** Everything the bot reacts to, listed once: the media kinds it transcribes and its commands. */
final class Features {
  private final List<MediaKind> kinds;
  private final Map<String, Command> commands = new LinkedHashMap<>();

  Features(List<MediaKind> kinds, List<Command> commands) {
    this.kinds = List.copyOf(kinds);
    for (Command c : commands) {
      if (this.commands.put(c.name(), c) != null) throw new IllegalArgumentException("two commands named /" + c.name());
    }
  }

  static Features of(BotApi api, Transcriber transcriber, ChatSettings settings, Admins admins, Messages messages,
      PendingTranscripts pending, Spending spending) {
    List<MediaKind> kinds = List.of(new VoiceKind(), new VideoNoteKind(), new AudioKind(), new VideoKind(), new DocumentKind());
    return new Features(kinds, List.of(
        new StartCommand(api, messages, pending),
        new HelpCommand("help", Messages.MENU_HELP, api, messages),
        new TranscribeCommand(kinds, transcriber, api, messages),
        new AutoCommand(settings, admins, api, messages),
        new LanguageCommand(settings, admins, api, messages),
        new UsageCommand(spending, api, messages),
        new StatsCommand(spending, api, messages),
        new UiCommand(settings, admins, api, messages),
        new ProgressCommand(settings, admins, api, messages)));
  }

  List<MediaKind> kinds() {
    return kinds;
  }

  Optional<Command> command(String name) {
    return Optional.ofNullable(commands.get(name));
  }

  /** The command menu for {@code setMyCommands}, in the language of {@code messages}. */
  List<BotCommand> menu(Messages messages) {
    return commands.values().stream().filter(Command::inMenu)
        .map(c -> new BotCommand(c.name(), messages.menu(c.name(), c.description()))).toList();
  }
}
