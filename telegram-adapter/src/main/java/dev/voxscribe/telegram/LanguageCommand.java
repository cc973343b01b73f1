package dev.voxscribe.telegram;

import dev.voxscribe.core.Languages;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** {@code /language <code>|auto}: the language the chat's audio is in. Admins only in groups. */
final class LanguageCommand implements Command {
  private final ChatSettings settings;
  private final Admins admins;
  private final BotApi api;
  private final Messages messages;

  LanguageCommand(ChatSettings settings, Admins admins, BotApi api, Messages messages) {
    this.settings = settings;
    this.admins = admins;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return "language";
  }

  @Override
  public String description() {
    return Messages.MENU_LANGUAGE;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    ReplyTarget here = ReplyTarget.to(message);
    long chatId = message.getChatId();
    if (args.isEmpty()) return api.reply(here, messages.to(message).languageStatus(settings.language(chatId)));
    Optional<String> value = normalize(args);
    if (value.isEmpty()) return api.reply(here, messages.to(message).languageUsage());
    return AdminChange.apply(admins, api, messages, message, "language", value.get(),
        () -> settings.setLanguage(chatId, value.get()), () -> messages.to(message).languageSet(value.get()));
  }

  /** {@code auto}, or the code normalised: {@code pt-BR}. */
  static Optional<String> normalize(String arg) {
    // "xx" has a code's shape but names no language: refused here, not by the service on every note.
    return Languages.normalize(arg).filter(l -> l.equals(Languages.AUTO) || Languages.known(l));
  }

}
