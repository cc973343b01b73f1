package dev.voxscribe.telegram;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.format.PlainText;
import dev.voxscribe.core.format.TextChunks;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.Spending;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import dev.voxscribe.core.transcribe.TranscriptionService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media message in, one transcript out, as replies to that message in its topic. A cached
 * answer is sent at once; otherwise "typing…" shows while waiting and, past a short delay, a
 * placeholder reply is sent and later edited into the transcript. Long transcripts continue in
 * further replies, very long ones come as a {@code .txt} file: nothing is cut.
 */
final class Transcriber {
  /** The metrics label of Telegram's requests and replies. */
  static final String PLATFORM = "telegram";
  private static final Logger log = LoggerFactory.getLogger(Transcriber.class);
  /** Telegram's limit for a message's text. */
  static final int MAX_MESSAGE = 4096;
  static final String FILE_NAME = "transcript.txt";
  /** What {@link #showTranscript} completes with when it handed the text to {@link #asFile}, which counts its own delivery. */
  private static final Object SENT_AS_FILE = new Object();

  private final TranscriptionService service;
  private final TelegramFiles files;
  private final BotApi api;
  private final ChatSettings settings;
  private final Messages messages;
  private final ScheduledExecutorService scheduler;
  private final Executor workers;
  private final Tuning tuning;
  private final Answered answered = new Answered();
  private final ChatActions actions;

  Transcriber(TranscriptionService service, TelegramFiles files, BotApi api, ChatSettings settings, Messages messages,
      ScheduledExecutorService scheduler, Executor workers, Tuning tuning) {
    this.service = service;
    this.files = files;
    this.api = api;
    this.settings = settings;
    this.messages = messages;
    this.scheduler = scheduler;
    this.workers = workers;
    this.tuning = tuning;
    this.actions = new ChatActions(api, scheduler, tuning.clock(), tuning.typingEvery());
  }

  /** Which message got which reply, for edits of the media. */
  Answered answered() {
    return answered;
  }

  /** Starts transcribing {@code media} for {@code asker}; returns at once, the replies follow. */
  void start(Media media, ReplyTarget target, Asker asker) {
    start(media, target, Optional.empty(), asker);
  }

  /**
   * Transcribes the new media of an edited message: the bot's earlier reply {@code oldReply}
   * becomes the placeholder, then the new transcript.
   */
  void redo(Media media, ReplyTarget target, int oldReply, Asker asker) {
    start(media, target, Optional.of(oldReply), asker);
  }

  private void start(Media media, ReplyTarget target, Optional<Integer> oldReply, Asker asker) {
    if (media.size().isPresent() && media.size().getAsLong() > files.downloadLimit()) {
      log.info("Refused the {} of {} bytes in chat {}: over the Bot API's download limit",
          media.kind(), media.size().getAsLong(), target.chatId());
      send(media, target, oldReply, messages.to(target).tooLarge());
      return;
    }
    Optional<String> language;
    try {
      language = settings.language(target.chatId());
    } catch (RuntimeException e) {
      // An unreadable store must not cost the user their answer: fall back to the default language.
      log.warn("Could not read the language of chat {}: {}", target.chatId(), e.toString());
      language = Optional.empty();
    }
    CompletableFuture<Transcript> job = transcribe(media, language, asker.who());
    if (job.isDone()) {
      // From the cache, or refused before anything was spent: no placeholder, no typing.
      job.whenComplete((t, error) -> deliver(media, target, oldReply, t, error, true, asker, service.metrics().delivery(PLATFORM)));
      return;
    }
    Waiting waiting = new Waiting(target, oldReply);
    waiting.begin();
    job.whenComplete((t, error) -> {
      // Timed from here: the hop to a worker and the placeholder are latency the bot adds.
      Metrics.Delivery delivery = service.metrics().delivery(PLATFORM);
      workers.execute(() -> waiting.finish(placeholder -> deliver(media, target, placeholder, t, error, false, asker, delivery)));
    });
  }

  /** Asks the service for the media's transcript (the cache answers a file it has seen, by file_unique_id). */
  CompletableFuture<Transcript> transcribe(Media media, Optional<String> language, Requester who) {
    TranscriptionRequest.Builder request = TranscriptionRequest.builder(() -> files.fetch(media))
        .language(language)
        .requester(who);
    // Older clients and servers leave file_unique_id out: such files are told apart by content only.
    if (!media.fileUniqueId().isBlank()) request.platformKey("telegram:" + media.fileUniqueId());
    media.size().ifPresent(request::declaredBytes);
    media.duration().ifPresent(request::declaredDuration);
    try {
      return service.transcribe(request.build());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The largest file the Bot API server lets the bot download. */
  long downloadLimit() {
    return files.downloadLimit();
  }

  /**
   * What to tell {@code asker} about a failure; empty means nothing: auto-transcription in a group
   * stays silent outside the allowlist and tells a person of a used-up quota once a day.
   */
  Optional<String> failureText(TranscriptionException failure, Asker asker, Messages messages) {
    Spending spending = service.spending();
    if (failure.kind() == FailureKind.NOT_ALLOWED) {
      return asker.quietRefusals() ? Optional.empty() : Optional.of(messages.notAllowed());
    }
    if (failure.refusal().isPresent()) {
      if (asker.quietRefusals() && !spending.firstNotice(asker.who())) return Optional.empty();
      return Optional.of(messages.refusal(failure.refusal().get()));
    }
    return Optional.of(messages.failure(failure.kind()));
  }

  private void deliver(Media media, ReplyTarget target, Optional<Integer> placeholder, @Nullable Transcript t,
      @Nullable Throwable error, boolean immediate, Asker asker, Metrics.Delivery delivery) {
    if (error != null || t == null) {
      TranscriptionException failure = TranscriptionException.from(error == null ? new IllegalStateException("no result") : error);
      logFailure(media, target, failure);
      Optional<String> text = failureText(failure, asker, messages.to(target));
      // A placeholder already showing must still become an answer.
      if (text.isPresent() || placeholder.isPresent()) {
        send(media, target, placeholder, text.orElseGet(() -> messages.to(target).failure(failure.kind())), delivery);
      }
      return;
    }
    String text = t.text().strip();
    log.info("Transcribed the {} of message {} in chat {}: {} characters{}", media.kind(), target.messageId(),
        target.chatId(), text.length(), immediate ? ", answered from the cache" : "");
    if (text.isEmpty()) {
      send(media, target, placeholder, messages.to(target).noSpeech(), delivery);
      return;
    }
    showTranscript(media, target, placeholder, t, text, delivery).whenComplete((ok, e) -> {
      if (e == null) {
        if (ok != SENT_AS_FILE) delivery.sent();
        return;
      }
      if (!refused(e)) {
        logUndelivered(target, e);
        return;
      }
      // Telegram refused the text itself: try it clean, then as a file; never leave "Transcribing…".
      String clean = PlainText.clean(text).strip();
      CompletableFuture<?> retry = !clean.equals(text) && !clean.isEmpty()
          ? showTranscript(media, target, placeholder, t, clean, delivery)
          : CompletableFuture.failedFuture(e);
      retry.whenComplete((ok2, e2) -> {
        if (e2 == null) {
          if (ok2 != SENT_AS_FILE) delivery.sent();
          log.info("Telegram refused the transcript in chat {} ({}); sent it without control characters",
              target.chatId(), BotApi.describe(e));
          return;
        }
        log.info("Telegram refused the transcript in chat {} ({}); sending it as {}", target.chatId(),
            BotApi.describe(e2), FILE_NAME);
        asFile(media, target, placeholder, t, clean.isEmpty() ? text : clean, delivery);
      });
    });
  }

  /**
   * The transcript as one message with its footer, or as several; when it would need too many it is
   * sent as a file, which reports its own delivery (the future then completes at once).
   */
  private CompletableFuture<?> showTranscript(Media media, ReplyTarget target, Optional<Integer> placeholder, Transcript t,
      String text, Metrics.Delivery delivery) {
    Optional<String> footer = messages.to(target).footer(t);
    if (footer.isPresent() && text.length() + footer.get().length() <= MAX_MESSAGE) {
      return show(media, target, placeholder, text + footer.get());
    }
    List<String> chunks = TextChunks.split(text, MAX_MESSAGE);
    if (chunks.size() > tuning.maxMessages()) {
      asFile(media, target, placeholder, t, text, delivery);
      return CompletableFuture.completedFuture(SENT_AS_FILE);
    }
    CompletableFuture<?> chain = show(media, target, placeholder, chunks.get(0));
    for (String chunk : chunks.subList(1, chunks.size())) {
      chain = chain.thenCompose(x -> api.reply(target, chunk));
    }
    return chain;
  }

  private void asFile(Media media, ReplyTarget target, Optional<Integer> placeholder, Transcript t, String text,
      Metrics.Delivery delivery) {
    CompletableFuture<?> note = placeholder.isPresent()
        ? show(media, target, placeholder, messages.to(target).sentAsFile()) : CompletableFuture.completedFuture(null);
    note.handle((ok, e) -> null)
        .thenCompose(x -> api.replyWithFile(target, FILE_NAME, text, messages.to(target).fileCaption(t, text.length())))
        .whenComplete((ok, e) -> sentOrLogged(target, e, delivery));
  }

  /**
   * Whether the text itself may be what failed: a 400, or a request that could not even be built
   * (an unpaired surrogate breaks the JSON encoder). Not a 403 (blocked, no rights) or a 429 after
   * its retries, which no other text would change.
   */
  private static boolean refused(Throwable e) {
    return BotApi.requestException(e).map(r -> r.getErrorCode() == null || r.getErrorCode() == 400).orElse(true);
  }

  private void send(Media media, ReplyTarget target, Optional<Integer> placeholder, String text) {
    show(media, target, placeholder, text).whenComplete((ok, e) -> logUndelivered(target, e));
  }

  private void send(Media media, ReplyTarget target, Optional<Integer> placeholder, String text,
      Metrics.Delivery delivery) {
    show(media, target, placeholder, text).whenComplete((ok, e) -> sentOrLogged(target, e, delivery));
  }

  private static void sentOrLogged(ReplyTarget target, @Nullable Throwable e, Metrics.Delivery delivery) {
    if (e == null) delivery.sent();
    else logUndelivered(target, e);
  }

  /**
   * Edits the placeholder into {@code text}, or replies when there is none (or it is gone); the
   * message that shows the answer is remembered, so an edit of the media can rewrite it.
   */
  private CompletableFuture<?> show(Media media, ReplyTarget target, Optional<Integer> placeholder, String text) {
    if (placeholder.isEmpty()) return replyAndRemember(media, target, text);
    return api.edit(target.chatId(), placeholder.get(), text)
        .<CompletableFuture<?>>handle((ok, e) -> {
          if (e == null || BotApi.describe(e).contains("message is not modified")) {
            answered.record(target, media.fileUniqueId(), placeholder.get());
            return CompletableFuture.completedFuture(ok);
          }
          log.debug("Editing the placeholder in chat {} failed ({}); replying instead", target.chatId(), BotApi.describe(e));
          return replyAndRemember(media, target, text);
        })
        .thenCompose(f -> f);
  }

  private CompletableFuture<?> replyAndRemember(Media media, ReplyTarget target, String text) {
    return api.reply(target, text).thenApply(m -> {
      answered.record(target, media.fileUniqueId(), m.getMessageId());
      return m;
    });
  }

  private static void logUndelivered(ReplyTarget target, @Nullable Throwable e) {
    if (e != null) {
      log.warn("Could not reply in chat {} (message {}): {}", target.chatId(), target.messageId(), BotApi.describe(e));
    }
  }

  private static void logFailure(Media media, ReplyTarget target, TranscriptionException failure) {
    FailureKind kind = failure.kind();
    switch (kind) {
      case REJECTED_KEY -> log.error("The AI/ML API rejected the API key (HTTP 401): set a valid key in AIML_API_KEY. "
          + "Users are told transcription is unavailable (chat {}).", target.chatId());
      case OUT_OF_CREDITS -> log.error("The AI/ML API account is out of credits (HTTP 403): top up the account of the key "
          + "in AIML_API_KEY. Users are told transcription is unavailable (chat {}).", target.chatId());
      case TOO_LARGE, TOO_LONG, UNSUPPORTED_MEDIA, QUOTA, NOT_ALLOWED -> log.info("Refused the {} of message {} in chat {}: {}",
          media.kind(), target.messageId(), target.chatId(), failure.getMessage());
      default -> log.warn("Transcribing the {} of message {} in chat {} failed: {}: {}",
          media.kind(), target.messageId(), target.chatId(), kind, failure.getMessage());
    }
  }

  /** The typing action (shared by the chat's jobs) and the delayed placeholder of one job in progress. */
  private final class Waiting {
    private final ReplyTarget target;
    private ChatActions.@Nullable Waiter typing;
    private @Nullable ScheduledFuture<?> placeholderTimer;
    private @Nullable CompletableFuture<Optional<Integer>> placeholder;
    private boolean finished;

    /** @param oldReply the earlier answer that becomes the placeholder at once (an edited message) */
    Waiting(ReplyTarget target, Optional<Integer> oldReply) {
      this.target = target;
      if (oldReply.isPresent()) {
        // The old transcript no longer matches the media: say a new one is coming.
        placeholder = api.edit(target.chatId(), oldReply.get(), messages.to(target).working())
            .handle((ok, e) -> oldReply);
      }
    }

    void begin() {
      try {
        synchronized (this) {
          // An edited message's old reply already says "working": no typing action for it.
          if (placeholder == null) {
            typing = actions.start(target);
            placeholderTimer = scheduler.schedule(this::sendPlaceholder, tuning.placeholderAfter().toMillis(),
                TimeUnit.MILLISECONDS);
          }
        }
      } catch (RejectedExecutionException e) {
        // Shutting down: the result, if any, is still delivered without a placeholder.
      }
    }

    private synchronized void sendPlaceholder() {
      if (finished) return;
      placeholder = api.reply(target, messages.to(target).working())
          .handle((m, e) -> e == null ? Optional.of(m.getMessageId()) : Optional.<Integer>empty());
      // Once the placeholder shows, it says "working": the typing action would only repeat it.
      placeholder.thenAccept(shown -> {
        if (shown.isPresent()) stopTyping();
      });
    }

    private synchronized void stopTyping() {
      if (typing != null) typing.stop();
      typing = null;
    }

    void finish(Consumer<Optional<Integer>> then) {
      CompletableFuture<Optional<Integer>> sent;
      synchronized (this) {
        finished = true;
        stopTyping();
        if (placeholderTimer != null) placeholderTimer.cancel(false);
        sent = placeholder;
      }
      if (sent == null) then.accept(Optional.empty());
      else sent.thenAccept(then);
    }
  }
}
