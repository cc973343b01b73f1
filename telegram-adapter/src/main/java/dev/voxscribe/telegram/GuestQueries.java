package dev.voxscribe.telegram;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.format.TextChunks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * Guest mode (Bot API 10.0): someone mentions the bot in a chat it is not a member of, replying to
 * a voice note, audio or video there. The update is a {@code guest_message} whose
 * {@code reply_to_message} is that media message; the bot answers through
 * {@code answerGuestQuery} at once ("Transcribing…") and edits that message, by its
 * {@code inline_message_id}, into the transcript. It never calls a method on the chat itself.
 *
 * <p>A transcript longer than one message (4096 characters) is cut at a sentence end with a note:
 * the whole text goes to the caller's private chat with the bot, or, when they never started the
 * bot (Telegram then refuses with 403), waits for them to press Start behind the link in the note.
 */
final class GuestQueries {
  private static final Logger log = LoggerFactory.getLogger(GuestQueries.class);

  private final List<MediaKind> kinds;
  private final Transcriber transcriber;
  private final ChatSettings settings;
  private final BotApi api;
  private final Messages messages;
  private final PendingTranscripts pending;
  private final String botUsername;

  GuestQueries(List<MediaKind> kinds, Transcriber transcriber, ChatSettings settings, BotApi api, Messages messages,
      PendingTranscripts pending, String botUsername) {
    this.kinds = kinds;
    this.transcriber = transcriber;
    this.settings = settings;
    this.api = api;
    this.messages = messages;
    this.pending = pending;
    this.botUsername = botUsername;
  }

  /** Answers one guest message; the stage ends once the first answer is posted, not the transcript. */
  CompletionStage<?> handle(Message guest) {
    String queryId = guest.getGuestQueryId();
    long chatId = guest.getChatId();
    if (queryId == null || queryId.isBlank()) return CompletableFuture.completedFuture(null);
    User caller = guest.getFrom();
    Optional<Found> found = Optional.ofNullable(guest.getReplyToMessage()).flatMap(m -> Found.in(m, kinds))
        .or(() -> Quoted.media(guest, kinds));
    log.info("Guest query {} in chat {} by user {}: {}", queryId, chatId, caller == null ? "anonymous" : caller.getId(),
        found.map(f -> f.media().kind()).orElse("nothing to transcribe"));
    if (found.isEmpty()) return answer(chatId, queryId, guest, messages.to(guest).guestHowTo());
    Media media = found.get().media();
    if (!media.speech()) return answer(chatId, queryId, guest, messages.to(guest).notAudio());
    if (media.size().isPresent() && media.size().getAsLong() > transcriber.downloadLimit()) {
      return answer(chatId, queryId, guest, messages.to(guest).tooLarge());
    }
    CompletableFuture<Transcript> job = transcriber.transcribe(media, language(caller), Asker.requester(guest));
    if (job.isDone()) {
      // From the cache, or refused before anything was spent: the final answer at once, no edit.
      return job.handle(Result::new)
          .thenCompose(r -> finalText(r, guest).thenCompose(text -> answer(chatId, queryId, guest, text,
              buttons(r, media, guest))));
    }
    CompletableFuture<Optional<String>> posted = api.answerGuest(chatId, queryId, messages.to(guest).guestResultTitle(), messages.to(guest).working())
        .handle((sent, e) -> {
          if (e != null || sent == null || sent.getInlineMessageId() == null) {
            log.warn("Could not answer guest query {} in chat {}: {}", queryId, chatId,
                e == null ? "no inline_message_id" : BotApi.describe(e));
            return Optional.<String>empty();
          }
          return Optional.of(sent.getInlineMessageId());
        });
    job.handle(Result::new)
        .thenCompose(r -> finalText(r, guest).thenApply(text -> Map.entry(text, buttons(r, media, guest))))
        .thenCombine(posted, (done, inlineId) -> inlineId.map(id -> api.editGuest(chatId, id, done.getKey(),
            done.getValue())))
        .thenCompose(edit -> edit.<CompletableFuture<?>>map(f -> f).orElse(CompletableFuture.completedFuture(null)))
        .whenComplete((ok, e) -> {
          if (e != null) log.warn("Could not edit the guest answer in chat {}: {}", chatId, BotApi.describe(e));
        });
    return posted;
  }

  private record Result(@Nullable Transcript transcript, @Nullable Throwable error) {}

  /** The buttons under a guest answer: those of the transcript, when there is one. */
  private Optional<InlineKeyboardMarkup> buttons(Result r, Media media, Message guest) {
    if (r.transcript() == null || r.transcript().isBlank()) return Optional.empty();
    return transcriber.keyboard(r.transcript(), media, messages.to(guest), "guest query " + guest.getGuestQueryId());
  }

  private CompletableFuture<?> answer(long chatId, String queryId, Message guest, String text) {
    return answer(chatId, queryId, guest, text, Optional.empty());
  }

  private CompletableFuture<?> answer(long chatId, String queryId, Message guest, String text,
      Optional<InlineKeyboardMarkup> keyboard) {
    return api.answerGuest(chatId, queryId, messages.to(guest).guestResultTitle(), text, keyboard).whenComplete((ok, e) -> {
      if (e != null) log.warn("Could not answer guest query {} in chat {}: {}", queryId, chatId, BotApi.describe(e));
    });
  }

  private Optional<String> language(@Nullable User caller) {
    if (caller == null) return Optional.empty();
    try {
      // The chat is not the bot's: the caller's own choice in their private chat applies, if any.
      return settings.language(caller.getId());
    } catch (RuntimeException e) {
      log.warn("Could not read the language of user {}: {}", caller.getId(), e.toString());
      return Optional.empty();
    }
  }

  /** The text of the guest answer: the transcript, or its start and where the rest went. */
  private CompletableFuture<String> finalText(Result r, Message guest) {
    if (r.error() != null || r.transcript() == null) {
      TranscriptionException failure = TranscriptionException.from(
          r.error() == null ? new IllegalStateException("no result") : r.error());
      log.warn("Guest query {} in chat {}: transcription failed: {}: {}", guest.getGuestQueryId(), guest.getChatId(),
          failure.kind(), failure.getMessage());
      return CompletableFuture.completedFuture(transcriber.failureText(failure, Asker.of(guest, false), messages.to(guest))
          .orElseGet(() -> messages.to(guest).failure(failure.kind())));
    }
    Transcript t = r.transcript();
    String text = t.text().strip();
    if (text.isEmpty()) return CompletableFuture.completedFuture(messages.to(guest).noSpeech());
    String whole = text + messages.to(guest).footer(t).orElse("");
    if (whole.length() <= Transcriber.MAX_MESSAGE) return CompletableFuture.completedFuture(whole);
    User caller = guest.getFrom();
    String chatTitle = guest.getChat() == null || guest.getChat().getTitle() == null ? "" : guest.getChat().getTitle();
    CompletableFuture<Boolean> delivered = caller == null
        ? CompletableFuture.completedFuture(false)
        : StartCommand.sendWhole(api, messages.to(guest), caller.getId(), chatTitle, text).handle((ok, e) -> {
          if (e == null) return true;
          log.info("Could not send the whole transcript to user {} ({}): linking to the bot instead",
              caller.getId(), BotApi.describe(e));
          pending.add(caller.getId(), chatTitle, text);
          return false;
        });
    return delivered.thenApply(ok -> {
      String note = ok ? messages.to(guest).guestRestInPrivate() : messages.to(guest).guestStartMe(botUsername);
      String head = TextChunks.split(text, Transcriber.MAX_MESSAGE - note.length() - 1).get(0).strip();
      return head + "…" + note;
    });
  }
}
