package dev.voxscribe.telegram;

import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.extras.ExtraResult;
import dev.voxscribe.core.extras.Press;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.format.TextChunks;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.text.Texts;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * A press of a button under a transcript. It is answered at once ({@code answerCallbackQuery}: a
 * short toast, or an alert when the transcript has expired); the result then comes as a reply to
 * the message with the buttons: a summary or translation as text, subtitles as an {@code .srt}
 * file, a failure as one short line. The transcript itself is never changed.
 */
final class ButtonPresses {
  private static final Logger log = LoggerFactory.getLogger(ButtonPresses.class);

  private final TranscriptExtras extras;
  private final BotApi api;
  private final Messages messages;

  private final String botUsername;

  ButtonPresses(TranscriptExtras extras, BotApi api, Messages messages, String botUsername) {
    this.extras = extras;
    this.api = api;
    this.messages = messages;
    this.botUsername = botUsername;
  }

  CompletionStage<?> handle(CallbackQuery query) {
    Optional<Press> press = Press.parse(query.getData());
    MaybeInaccessibleMessage message = query.getMessage();
    if (press.isPresent() && message == null && query.getInlineMessageId() != null && query.getFrom() != null) {
      return underGuestAnswer(query, press.get());
    }
    if (press.isEmpty() || message == null || message.getChatId() == null) {
      // Not one of ours: stop the spinner, nothing else.
      return api.answerCallback(query.getId(), Optional.empty(), false).exceptionally(e -> false);
    }
    long chatId = message.getChatId();
    Optional<Integer> thread = message instanceof Message m && Boolean.TRUE.equals(m.getIsTopicMessage())
        ? Optional.ofNullable(m.getMessageThreadId()) : Optional.empty();
    Optional<String> language = Optional.ofNullable(query.getFrom() == null ? null : query.getFrom().getLanguageCode());
    // Answers go to whoever pressed: in their language (or the group's /ui choice).
    ReplyTarget target = new ReplyTarget(chatId, message.getMessageId(), thread, language.orElse(""));
    Messages messages = this.messages.to(target);
    // Who pressed pays, in this chat: their quota, and a group's too (issue 10).
    String person = Long.toString(query.getFrom() == null ? chatId : query.getFrom().getId());
    Requester payer = chatId > 0 ? Requester.inPrivate("telegram", person)
        : Requester.inGroup("telegram", person, Long.toString(chatId));
    log.info("Button {} pressed by user {} in chat {} (transcript {})", press.get().action(),
        query.getFrom() == null ? "unknown" : query.getFrom().getId(), chatId, press.get().transcriptId());
    CompletableFuture<ExtraResult> result = extras.press(press.get(), language, payer);
    if (result.isDone() && result.join() instanceof ExtraResult.Expired) {
      return answer(query, messages.expired(), true);
    }
    if (result.isDone() && result.join() instanceof ExtraResult.Unavailable) {
      return answer(query, messages.unavailable(), true);
    }
    if (result.isDone() && result.join() instanceof ExtraResult.Refused refused) {
      // Nothing asked, nothing spent: told to whoever pressed only, the chat stays quiet.
      return answer(query, messages.extraRefused(refused.refusal()), true);
    }
    // Answered before the chat model is asked: the client's spinner stops at once. The chat's next
    // update waits only for this answer, never for the chat model.
    CompletableFuture<?> answered = answer(query, messages.pressed(press.get().action()), false);
    result.thenCompose(r -> deliver(target, press.get(), r, messages)).whenComplete((ok, e) -> {
      if (e != null) log.warn("Could not answer the button press in chat {}: {}", chatId, BotApi.describe(e));
    });
    return answered;
  }

  /**
   * A press under a guest answer: an inline message in a chat the bot is not in, so the press
   * carries no message and the bot cannot post there. The result goes to the presser's private
   * chat with the bot, paid by them; the toast says so, and how to start the bot if they never did.
   */
  private CompletionStage<?> underGuestAnswer(CallbackQuery query, Press press) {
    long userId = query.getFrom().getId();
    Optional<String> language = Optional.ofNullable(query.getFrom().getLanguageCode());
    Messages messages = this.messages.in(Texts.supported(language.orElse("")));
    log.info("Button {} pressed by user {} under a guest answer (transcript {})", press.action(), userId,
        press.transcriptId());
    CompletableFuture<ExtraResult> result = extras.press(press, language, Requester.inPrivate("telegram", Long.toString(userId)));
    if (result.isDone() && result.join() instanceof ExtraResult.Expired) return answer(query, messages.expired(), true);
    if (result.isDone() && result.join() instanceof ExtraResult.Unavailable) return answer(query, messages.unavailable(), true);
    if (result.isDone() && result.join() instanceof ExtraResult.Refused refused) {
      return answer(query, messages.extraRefused(refused.refusal()), true);
    }
    CompletableFuture<?> answered = answer(query, messages.pressedFromGuest(botUsername), false);
    result.thenCompose(r -> privately(userId, press, r, messages)).whenComplete((ok, e) -> {
      if (e != null) {
        log.info("Could not send the {} to user {} privately (never started the bot?): {}", press.action(), userId,
            BotApi.describe(e));
      }
    });
    return answered;
  }

  /** A result in the presser's private chat with the bot. */
  private CompletableFuture<?> privately(long userId, Press press, ExtraResult result, Messages messages) {
    if (result instanceof ExtraResult.File file) {
      return api.sendFile(userId, file.name(), file.content(), messages.subtitlesCaption());
    }
    String text;
    if (result instanceof ExtraResult.Text t) {
      text = press.action() == Action.SUMMARY ? messages.summary(t.text()) : messages.translation(t.language().orElse("en"), t.text());
    } else if (result instanceof ExtraResult.SameLanguage same) {
      text = messages.alreadyInLanguage(same.language());
    } else if (result instanceof ExtraResult.Failed failed) {
      text = messages.extraFailed(press.action(), failed.kind());
    } else if (result instanceof ExtraResult.Refused refused) {
      text = messages.refusal(refused.refusal());
    } else if (result instanceof ExtraResult.Expired) {
      text = messages.expired();
    } else {
      text = messages.unavailable();
    }
    List<String> chunks = TextChunks.split(text, Transcriber.MAX_MESSAGE);
    CompletableFuture<?> chain = api.send(userId, chunks.get(0));
    for (String chunk : chunks.subList(1, chunks.size())) chain = chain.thenCompose(x -> api.send(userId, chunk));
    return chain;
  }

  private CompletableFuture<?> answer(CallbackQuery query, String text, boolean alert) {
    return api.answerCallback(query.getId(), Optional.of(text), alert).exceptionally(e -> {
      log.debug("answerCallbackQuery failed: {}", BotApi.describe(e));
      return false;
    });
  }

  private CompletableFuture<?> deliver(ReplyTarget target, Press press, ExtraResult result, Messages messages) {
    if (result instanceof ExtraResult.Text text) {
      return replies(target, press.action() == Action.SUMMARY
          ? messages.summary(text.text()) : messages.translation(text.language().orElse("en"), text.text()));
    }
    if (result instanceof ExtraResult.File file) {
      return api.replyWithFile(target, file.name(), file.content(), messages.subtitlesCaption());
    }
    if (result instanceof ExtraResult.SameLanguage same) return api.reply(target, messages.alreadyInLanguage(same.language()));
    if (result instanceof ExtraResult.Failed failed) return api.reply(target, messages.extraFailed(press.action(), failed.kind()));
    if (result instanceof ExtraResult.Expired) return api.reply(target, messages.expired());
    if (result instanceof ExtraResult.Refused refused) return api.reply(target, messages.refusal(refused.refusal()));
    return api.reply(target, messages.unavailable());
  }

  /** A long result in several replies, cut at sentence ends, never cut off. */
  private CompletableFuture<?> replies(ReplyTarget target, String text) {
    List<String> chunks = TextChunks.split(text, Transcriber.MAX_MESSAGE);
    CompletableFuture<?> chain = api.reply(target, chunks.get(0));
    for (String chunk : chunks.subList(1, chunks.size())) chain = chain.thenCompose(x -> api.reply(target, chunk));
    return chain;
  }
}
