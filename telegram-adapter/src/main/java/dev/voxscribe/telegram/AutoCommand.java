package dev.voxscribe.telegram;

import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** {@code /auto on|off}: whether a group transcribes voice and video notes unasked. Admins only. */
final class AutoCommand implements Command {

  private final ChatSettings settings;
  private final Admins admins;
  private final BotApi api;
  private final Messages messages;

  AutoCommand(ChatSettings settings, Admins admins, BotApi api, Messages messages) {
    this.settings = settings;
    this.admins = admins;
    this.api = api;
    this.messages = messages;
  }

  @Override
  public String name() {
    return "auto";
  }

  @Override
  public String description() {
    return Messages.MENU_AUTO;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    ReplyTarget here = ReplyTarget.to(message);
    long chatId = message.getChatId();
    if (Boolean.TRUE.equals(message.getChat().isUserChat())) return api.reply(here, messages.to(message).autoPrivate());
    String arg = args.toLowerCase(Locale.ROOT);
    if (arg.isEmpty()) return api.reply(here, messages.to(message).autoStatus(settings.auto(message.getChat())));
    if (!arg.equals("on") && !arg.equals("off")) return api.reply(here, messages.to(message).autoUsage());
    boolean on = arg.equals("on");
    return AdminChange.apply(admins, api, messages, message, "auto mode", arg, () -> settings.setAuto(chatId, on),
        () -> messages.to(message).autoSet(on));
  }
}
