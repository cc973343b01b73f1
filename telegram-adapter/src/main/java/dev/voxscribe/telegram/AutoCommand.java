package dev.voxscribe.telegram;

import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** {@code /auto on|off}: whether a group transcribes voice and video notes unasked. Admins only. */
final class AutoCommand implements Command {
  private static final Logger log = LoggerFactory.getLogger(AutoCommand.class);

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
    return admins.mayChangeSettings(message).thenCompose(admin -> {
      if (!admin) return api.reply(here, messages.to(message).adminsOnly());
      try {
        settings.setAuto(chatId, on);
      } catch (RuntimeException e) {
        log.error("Could not save the auto mode of chat {}", chatId, e);
        return api.reply(here, messages.to(message).settingsFailed());
      }
      log.info("Auto mode of chat {} set {} by user {}", chatId, on ? "on" : "off",
          message.getFrom() == null ? "anonymous" : message.getFrom().getId());
      return api.reply(here, messages.to(message).autoSet(on));
    });
  }
}
