package dev.voxscribe.telegram;

import dev.voxscribe.core.text.Texts;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /ui <code>|auto}: the language the bot writes in, in a group. Admins only. {@code auto}
 * (the default) answers everyone in their own app's language; a private chat always does.
 */
final class UiCommand implements Command {

  private final ChatSettings settings;
  private final Admins admins;
  private final BotApi api;
  private final Messages messages;

  UiCommand(ChatSettings settings, Admins admins, BotApi api, Messages messages) {
    this.settings = settings;
    this.admins = admins;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return "ui";
  }

  @Override
  public String description() {
    return Messages.MENU_UI;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    ReplyTarget here = ReplyTarget.to(message);
    long chatId = message.getChatId();
    if (Boolean.TRUE.equals(message.getChat().isUserChat())) return api.reply(here, messages.to(message).uiPrivate());
    if (args.isEmpty()) return api.reply(here, messages.to(message).uiStatus(settings.ui(chatId)));
    Optional<String> value = normalize(args);
    if (value.isEmpty()) return api.reply(here, messages.to(message).uiUsage());
    // The confirmation is read back through the new choice, so it is already in the new language.
    return AdminChange.apply(admins, api, messages, message, "interface language", value.get(),
        () -> settings.setUi(chatId, value.get()), () -> messages.to(message).uiSet(value.get()));
  }

  /** {@code auto}, or the tag of a supported language ({@code PT_br} → {@code pt-BR}); empty for anything else. */
  static Optional<String> normalize(String arg) {
    String a = arg.strip();
    if (a.equalsIgnoreCase(ChatSettings.UI_AUTO)) return Optional.of(ChatSettings.UI_AUTO);
    if (!a.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?") || !Texts.isSupported(a)) return Optional.empty();
    return Optional.of(Texts.supported(a).toLanguageTag());
  }
}
