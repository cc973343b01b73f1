package dev.voxscribe.telegram;

import dev.voxscribe.core.Languages;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** {@code /language <code>|auto}: the language the chat's audio is in. Admins only in groups. */
final class LanguageCommand implements Command {
  private static final Logger log = LoggerFactory.getLogger(LanguageCommand.class);
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
    return admins.mayChangeSettings(message).thenCompose(allowed -> {
      if (!allowed) return api.reply(here, messages.to(message).adminsOnly());
      try {
        settings.setLanguage(chatId, value.get());
      } catch (RuntimeException e) {
        log.error("Could not save the language of chat {}", chatId, e);
        return api.reply(here, messages.to(message).settingsFailed());
      }
      log.info("Language of chat {} set to {}", chatId, value.get());
      return api.reply(here, messages.to(message).languageSet(value.get()));
    });
  }

  /** {@code auto}, or the code normalised: {@code pt-BR}. */
  static Optional<String> normalize(String arg) {
    // "xx" has a code's shape but names no language: refused here, not by the service on every note.
    return Languages.normalize(arg).filter(l -> l.equals(Languages.AUTO) || Languages.known(l));
  }

}
