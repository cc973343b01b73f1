package dev.voxscribe.telegram;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * The one way a chat setting is changed by a command ({@code /auto}, {@code /language}, {@code /ui},
 * {@code /progress}): only by an admin, saved, logged, confirmed; a save that fails is told, not thrown.
 */
final class AdminChange {
  private static final Logger log = LoggerFactory.getLogger(AdminChange.class);

  private AdminChange() {}

  /**
   * @param what the setting, for the log ("auto mode")
   * @param value what it becomes, for the log
   * @param save writes it to the store
   * @param done the confirmation, built after the save (a new interface language already speaks in it)
   */
  static CompletionStage<?> apply(Admins admins, BotApi api, Messages messages, Message message, String what,
      String value, Runnable save, Supplier<String> done) {
    ReplyTarget here = ReplyTarget.to(message);
    long chatId = message.getChatId();
    return admins.mayChangeSettings(message).thenCompose(admin -> {
      if (!admin) return api.reply(here, messages.to(message).adminsOnly());
      try {
        save.run();
      } catch (RuntimeException e) {
        log.error("Could not save the {} of chat {}", what, chatId, e);
        return api.reply(here, messages.to(message).settingsFailed());
      }
      log.info("The {} of chat {} set to {} by user {}", what, chatId, value,
          message.getFrom() == null ? "anonymous" : message.getFrom().getId());
      return api.reply(here, done.get());
    });
  }
}
