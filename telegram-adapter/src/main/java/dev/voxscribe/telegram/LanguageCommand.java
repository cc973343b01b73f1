package dev.voxscribe.telegram;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** {@code /language <code>|auto}: the language the chat's audio is in. Admins only in groups. */
final class LanguageCommand implements Command {
  private static final Logger log = LoggerFactory.getLogger(LanguageCommand.class);
  /** An ISO 639 code with an optional region or script: {@code en}, {@code pt-BR}, {@code zh-Hant}. */
  private static final Pattern CODE = Pattern.compile("^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?$");

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
    if (args.isEmpty()) return api.reply(here, messages.languageStatus(settings.language(chatId)));
    Optional<String> value = normalize(args);
    if (value.isEmpty()) return api.reply(here, messages.languageUsage());
    return admins.mayChangeSettings(message).thenCompose(allowed -> {
      if (!allowed) return api.reply(here, messages.adminsOnly());
      try {
        settings.setLanguage(chatId, value.get());
      } catch (RuntimeException e) {
        log.error("Could not save the language of chat {}", chatId, e);
        return api.reply(here, messages.settingsFailed());
      }
      log.info("Language of chat {} set to {}", chatId, value.get());
      return api.reply(here, messages.languageSet(value.get()));
    });
  }

  /** {@code auto}, or the code with a lower-case language and an upper-case region: {@code pt-BR}. */
  static Optional<String> normalize(String arg) {
    String a = arg.strip();
    if (a.equalsIgnoreCase(ChatSettings.DETECT)) return Optional.of(ChatSettings.DETECT);
    var m = CODE.matcher(a);
    if (!m.matches()) return Optional.empty();
    String lang = m.group(1).toLowerCase(Locale.ROOT);
    if (m.group(2) == null) return Optional.of(lang);
    String sub = m.group(2);
    sub = sub.length() == 2 ? sub.toUpperCase(Locale.ROOT)
        : sub.substring(0, 1).toUpperCase(Locale.ROOT) + sub.substring(1).toLowerCase(Locale.ROOT);
    return Optional.of(lang + "-" + sub);
  }
}
