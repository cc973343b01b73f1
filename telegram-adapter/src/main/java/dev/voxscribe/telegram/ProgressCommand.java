package dev.voxscribe.telegram;

import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /progress reaction|message}: how a group sees that a voice note is being transcribed, a
 * 👀 reaction on it (the default: no extra message in the chat) or a "Transcribing…" placeholder.
 * Admins only.
 */
final class ProgressCommand implements Command {

  private final ChatSettings settings;
  private final Admins admins;
  private final BotApi api;
  private final Messages messages;

  ProgressCommand(ChatSettings settings, Admins admins, BotApi api, Messages messages) {
    this.settings = settings;
    this.admins = admins;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return "progress";
  }

  @Override
  public String description() {
    return Messages.MENU_PROGRESS;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    ReplyTarget here = ReplyTarget.to(message);
    Messages messages = this.messages.to(message);
    long chatId = message.getChatId();
    if (Boolean.TRUE.equals(message.getChat().isUserChat())) return api.reply(here, messages.progressPrivate());
    String arg = args.toLowerCase(Locale.ROOT);
    if (arg.isEmpty()) return api.reply(here, messages.progressStatus(settings.progressByReaction(chatId)));
    if (!arg.equals(ChatSettings.PROGRESS_REACTION) && !arg.equals(ChatSettings.PROGRESS_MESSAGE)) {
      return api.reply(here, messages.progressUsage());
    }
    boolean reaction = arg.equals(ChatSettings.PROGRESS_REACTION);
    return AdminChange.apply(admins, api, this.messages, message, "progress style", arg,
        () -> settings.setProgressByReaction(chatId, reaction), () -> messages.progressSet(reaction));
  }
}
