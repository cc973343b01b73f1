package dev.voxscribe.telegram;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.AnswerGuestQuery;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.reactions.SetMessageReaction;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionType;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionTypeEmoji;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.SentGuestMessage;
import org.telegram.telegrambots.meta.api.objects.inlinequery.inputmessagecontent.InputTextMessageContent;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultArticle;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Bot API calls with Telegram's flood control honoured: a 429 answer's {@code retry_after} pauses
 * every send to that chat for that long, then the call is made again (a few times at most).
 */
final class BotApi {
  private static final Logger log = LoggerFactory.getLogger(BotApi.class);
  /** The pacing key of calls that are not about one chat (getFile, getChatMember, setMyCommands). */
  static final long NO_CHAT = 0;

  private final TelegramClient client;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final int maxAttempts;
  private final Map<Long, Instant> quietUntil = new ConcurrentHashMap<>();

  BotApi(TelegramClient client, ScheduledExecutorService scheduler, Clock clock, int maxAttempts) {
    this.client = client;
    this.scheduler = scheduler;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
  }

  /** Calls {@code method} (built anew for each attempt), pacing and retrying by the chat's flood window. */
  <T extends Serializable> CompletableFuture<T> call(long chatId, String what, Supplier<? extends BotApiMethod<T>> method) {
    return paced(chatId, what, () -> {
      try {
        return client.executeAsync(method.get());
      } catch (TelegramApiException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  /** A plain-text reply to the target message, in its topic. */
  CompletableFuture<Message> reply(ReplyTarget target, String text) {
    return call(target.chatId(), "sendMessage", () -> SendMessage.builder()
        .chatId(target.chatId())
        .text(text)
        .replyParameters(replyTo(target))
        .messageThreadId(target.threadId().orElse(null))
        .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
        .build());
  }

  /**
   * A reply as {@link #reply(ReplyTarget, String)}, formatted when {@code parseMode} is set (the text
   * is then escaped already) and with buttons under it when {@code keyboard} is set.
   */
  CompletableFuture<Message> reply(ReplyTarget target, String text, Optional<String> parseMode,
      Optional<InlineKeyboardMarkup> keyboard) {
    return call(target.chatId(), "sendMessage", () -> SendMessage.builder()
        .chatId(target.chatId())
        .text(text)
        .parseMode(parseMode.orElse(null))
        .replyMarkup(keyboard.orElse(null))
        .replyParameters(replyTo(target))
        .messageThreadId(target.threadId().orElse(null))
        .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
        .build());
  }

  /** An edit as {@link #edit(long, int, String)}, formatted and with buttons when set. */
  CompletableFuture<Serializable> edit(long chatId, int messageId, String text, Optional<String> parseMode,
      Optional<InlineKeyboardMarkup> keyboard) {
    return call(chatId, "editMessageText", () -> EditMessageText.builder()
        .chatId(chatId)
        .messageId(messageId)
        .text(text)
        .parseMode(parseMode.orElse(null))
        .replyMarkup(keyboard.orElse(null))
        .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
        .build());
  }

  /** Sets the bot's reaction on a message ({@code emoji}), or removes it (empty). */
  CompletableFuture<Boolean> react(long chatId, int messageId, Optional<String> emoji) {
    return call(chatId, "setMessageReaction", () -> SetMessageReaction.builder()
        .chatId(Long.toString(chatId))
        .messageId(messageId)
        .reactionTypes(emoji.<java.util.List<ReactionType>>map(e -> java.util.List.of(new ReactionTypeEmoji(e)))
            .orElse(java.util.List.of()))
        .build());
  }

  /** Stops the client's progress bar on a pressed button; {@code text} shows as a toast (or an alert). */
  CompletableFuture<Boolean> answerCallback(String callbackQueryId, Optional<String> text, boolean alert) {
    return call(NO_CHAT, "answerCallbackQuery", () -> AnswerCallbackQuery.builder()
        .callbackQueryId(callbackQueryId)
        .text(text.orElse(null))
        .showAlert(alert ? Boolean.TRUE : null)
        .build());
  }

  /** Replaces the text of a message the bot sent. */
  CompletableFuture<Serializable> edit(long chatId, int messageId, String text) {
    return call(chatId, "editMessageText", () -> EditMessageText.builder()
        .chatId(chatId)
        .messageId(messageId)
        .text(text)
        .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
        .build());
  }

  /** A plain-text message to a chat, replying to nothing (the caller's private chat with the bot). */
  CompletableFuture<Message> send(long chatId, String text) {
    return call(chatId, "sendMessage", () -> SendMessage.builder()
        .chatId(chatId)
        .text(text)
        .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
        .build());
  }

  /**
   * Posts the bot's answer to a guest query (guest mode: the bot is no member of that chat) as a
   * plain-text article; the result's {@code inline_message_id} is what later edits address.
   */
  CompletableFuture<SentGuestMessage> answerGuest(long chatId, String guestQueryId, String title, String text) {
    return answerGuest(chatId, guestQueryId, title, text, Optional.empty());
  }

  /** As above, with buttons under it (every InlineQueryResult may carry an inline keyboard). */
  CompletableFuture<SentGuestMessage> answerGuest(long chatId, String guestQueryId, String title, String text,
      Optional<InlineKeyboardMarkup> keyboard) {
    return call(chatId, "answerGuestQuery", () -> AnswerGuestQuery.builder()
        .guestQueryId(guestQueryId)
        .result(InlineQueryResultArticle.builder()
            .id("transcript")
            .title(title)
            .inputMessageContent(InputTextMessageContent.builder()
                .messageText(text)
                .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
                .build())
            .replyMarkup(keyboard.orElse(null))
            .build())
        .build());
  }

  /** Replaces the text of a message the bot posted as a guest; Telegram answers True, not the message. */
  CompletableFuture<Serializable> editGuest(long chatId, String inlineMessageId, String text) {
    return editGuest(chatId, inlineMessageId, text, Optional.empty());
  }

  /** As above, with buttons under it. */
  CompletableFuture<Serializable> editGuest(long chatId, String inlineMessageId, String text,
      Optional<InlineKeyboardMarkup> keyboard) {
    return call(chatId, "editMessageText", () -> EditMessageText.builder()
        .inlineMessageId(inlineMessageId)
        .text(text)
        .replyMarkup(keyboard.orElse(null))
        .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
        .build());
  }

  /** A UTF-8 text file to a chat, replying to nothing (the presser's private chat with the bot). */
  CompletableFuture<Message> sendFile(long chatId, String filename, String content, String caption) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return paced(chatId, "sendDocument", () -> client.executeAsync(SendDocument.builder()
        .chatId(chatId)
        .document(new InputFile(new ByteArrayInputStream(bytes), filename))
        .caption(caption)
        .build()));
  }

  /** A UTF-8 text file as a reply to the target message. */
  CompletableFuture<Message> replyWithFile(ReplyTarget target, String filename, String content, String caption) {
    return replyWithFile(target, filename, content, caption, Optional.empty());
  }

  /** A UTF-8 text file as a reply to the target message, with buttons under it when set. */
  CompletableFuture<Message> replyWithFile(ReplyTarget target, String filename, String content, String caption,
      Optional<InlineKeyboardMarkup> keyboard) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return paced(target.chatId(), "sendDocument", () -> client.executeAsync(SendDocument.builder()
        .chatId(target.chatId())
        .document(new InputFile(new ByteArrayInputStream(bytes), filename))
        .caption(caption)
        .replyMarkup(keyboard.orElse(null))
        .replyParameters(replyTo(target))
        .messageThreadId(target.threadId().orElse(null))
        .build()));
  }

  /** Points Telegram at the webhook (a multipart call in TelegramBots, hence its own method). */
  CompletableFuture<Boolean> setWebhook(SetWebhook setWebhook) {
    return paced(NO_CHAT, "setWebhook", () -> client.executeAsync(setWebhook));
  }

  /** Shows "typing…" in the chat; best effort: skipped while the chat is flood-limited, failures ignored. */
  void typing(ReplyTarget target) {
    if (!waitFor(target.chatId()).isZero()) return;
    try {
      client.executeAsync(SendChatAction.builder()
              .chatId(target.chatId())
              .action(ActionType.TYPING.toString())
              .messageThreadId(target.threadId().orElse(null))
              .build())
          .exceptionally(e -> {
            log.debug("Typing action in chat {} failed: {}", target.chatId(), describe(e));
            return false;
          });
    } catch (TelegramApiException | RuntimeException e) {
      log.debug("Typing action in chat {} failed: {}", target.chatId(), describe(e));
    }
  }

  private static ReplyParameters replyTo(ReplyTarget target) {
    // Still answer when the original was deleted meanwhile.
    return ReplyParameters.builder().messageId(target.messageId()).allowSendingWithoutReply(true).build();
  }

  private <T> CompletableFuture<T> paced(long chatId, String what, Supplier<CompletableFuture<T>> send) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(chatId, what, send, 1, result);
    return result;
  }

  private <T> void attempt(long chatId, String what, Supplier<CompletableFuture<T>> send, int n, CompletableFuture<T> result) {
    Duration wait = waitFor(chatId);
    if (!wait.isZero()) {
      schedule(() -> attempt(chatId, what, send, n, result), wait, result);
      return;
    }
    CompletableFuture<T> sent;
    try {
      sent = send.get();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
        return;
      }
      Optional<Duration> retryAfter = retryAfter(error);
      if (retryAfter.isPresent() && n < maxAttempts) {
        Duration pause = retryAfter.get();
        quietUntil.merge(chatId, clock.instant().plus(pause), (a, b) -> a.isAfter(b) ? a : b);
        log.warn("Telegram asked to slow down ({} in chat {}, attempt {}): waiting {} s as told",
            what, chatId, n, pause.toSeconds());
        schedule(() -> attempt(chatId, what, send, n + 1, result), pause, result);
      } else {
        result.completeExceptionally(unwrap(error));
      }
    });
  }

  private void schedule(Runnable task, Duration delay, CompletableFuture<?> result) {
    try {
      scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new TelegramApiException("shutting down"));
    }
  }

  private Duration waitFor(long chatId) {
    Instant until = quietUntil.get(chatId);
    if (until == null) return Duration.ZERO;
    Duration left = Duration.between(clock.instant(), until);
    if (left.isNegative() || left.isZero()) {
      quietUntil.remove(chatId, until);
      return Duration.ZERO;
    }
    return left;
  }

  /** Telegram's {@code retry_after} when the error is a 429 (one second when it did not say). */
  static Optional<Duration> retryAfter(Throwable error) {
    return requestException(error)
        .filter(e -> e.getErrorCode() != null && e.getErrorCode() == 429)
        .map(e -> e.getParameters() != null && e.getParameters().getRetryAfter() != null
            ? Duration.ofSeconds(Math.max(1, e.getParameters().getRetryAfter()))
            : Duration.ofSeconds(1));
  }

  static Optional<TelegramApiRequestException> requestException(Throwable error) {
    Throwable cur = error;
    for (int depth = 0; cur != null && depth < 10; depth++, cur = cur.getCause()) {
      if (cur instanceof TelegramApiRequestException e) return Optional.of(e);
    }
    return Optional.empty();
  }

  /**
   * A log-safe description of a Bot API failure: Telegram's error code and description, or the
   * exception's class. Never a URL: those carry the bot token.
   */
  static String describe(Throwable error) {
    Optional<TelegramApiRequestException> api = requestException(error);
    // TelegramBots reports transport failures with code -1: those are named by their cause below.
    if (api.isPresent() && api.get().getErrorCode() != null && api.get().getErrorCode() > 0) {
      return api.get().getErrorCode() + " " + api.get().getApiResponse();
    }
    Throwable root = unwrap(error);
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getClass().getSimpleName();
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
