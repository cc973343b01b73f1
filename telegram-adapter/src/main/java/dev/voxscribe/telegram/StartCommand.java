package dev.voxscribe.telegram;

import dev.voxscribe.core.format.TextChunks;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /start}: what the bot does, as {@code /help}; in a private chat, followed by the whole
 * transcripts a guest message could only begin (the caller had not started the bot yet).
 */
final class StartCommand implements Command {
  private final BotApi api;
  private final Messages messages;
  private final PendingTranscripts pending;

  StartCommand(BotApi api, Messages messages, PendingTranscripts pending) {
    this.api = api;
    this.messages = messages;
    this.pending = pending;
  }

  @Override
  public String name() {
    return "start";
  }

  @Override
  public String description() {
    return Messages.MENU_START;
  }

  @Override
  public CompletionStage<?> handle(Message message, String args) {
    boolean privateChat = Boolean.TRUE.equals(message.getChat().isUserChat());
    CompletableFuture<?> help = api.reply(ReplyTarget.to(message), privateChat ? messages.to(message).helpPrivate() : messages.to(message).helpGroup());
    if (!privateChat || message.getFrom() == null) return help;
    List<PendingTranscripts.Delivery> waiting = pending.take(message.getFrom().getId());
    CompletableFuture<?> chain = help.handle((ok, e) -> null);
    for (PendingTranscripts.Delivery d : waiting) {
      chain = chain.thenCompose(x -> sendWhole(api, messages.to(message), message.getChatId(), d.chatTitle(), d.text()));
    }
    return chain;
  }

  /** An introduction naming the chat, then the transcript in as many messages as it needs. */
  static CompletableFuture<?> sendWhole(BotApi api, Messages messages, long chatId, String chatTitle, String text) {
    CompletableFuture<?> chain = api.send(chatId, messages.guestPrivateIntro(chatTitle));
    for (String chunk : TextChunks.split(text, Transcriber.MAX_MESSAGE)) {
      chain = chain.thenCompose(x -> api.send(chatId, chunk));
    }
    return chain;
  }
}
