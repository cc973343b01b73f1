package dev.voxscribe.telegram;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.format.PlainText;
import dev.voxscribe.core.deliver.DeliveryPlan;
import dev.voxscribe.core.extras.ExtraResult;
import dev.voxscribe.core.extras.Press;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.JobStore;
import dev.voxscribe.core.stt.SpeechToText;
import dev.voxscribe.core.transcribe.JobProgress;
import java.time.Instant;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * One media message in, one transcript out, as replies to that message in its topic. A cached
 * answer is sent at once; otherwise "typing…" shows while waiting and, past a short delay, a
 * placeholder reply is sent and later edited into the transcript (in groups, a 👀 reaction on the
 * media instead, unless the chat chose the placeholder). Long transcripts sit in an expandable
 * quote and continue in further replies, very long ones come as a {@code .txt} file: nothing is
 * cut. The buttons go under the last message. Every answer is a {@link DeliveryPlan}, kept with the
 * job before it is sent, so a job resumed after a restart is delivered by the same code, buttons
 * and formatting included.
 */
final class Transcriber {
  private static final Logger log = LoggerFactory.getLogger(Transcriber.class);
  /** Telegram's limit for a message's text. */
  static final int MAX_MESSAGE = 4096;
  static final String FILE_NAME = "transcript.txt";
  /** The metrics label of Telegram's requests and replies. */
  static final String PLATFORM = "telegram";
  /** The progress reaction in groups; one of the emoji bots may use. */
  static final String PROGRESS_EMOJI = "👀";

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
  private final JobStore jobs;
  private final Optional<TranscriptExtras> extras;
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  Transcriber(TranscriptionService service, TelegramFiles files, BotApi api, ChatSettings settings, Messages messages,
      ScheduledExecutorService scheduler, Executor workers, Tuning tuning) {
    this(service, files, api, settings, messages, scheduler, workers, tuning, JobStore.NONE, Optional.empty());
  }

  /**
   * With the store: each job is kept (who waits, where it is) and resumed after a restart; with
   * the buttons of {@code extras} under transcripts, when set.
   */
  Transcriber(TranscriptionService service, TelegramFiles files, BotApi api, ChatSettings settings, Messages messages,
      ScheduledExecutorService scheduler, Executor workers, Tuning tuning, JobStore jobs,
      Optional<TranscriptExtras> extras) {
    this.jobs = jobs;
    this.extras = extras;
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
    String id = TelegramJobs.id(target);
    if (jobs.find(id).filter(j -> !j.stage().finished()).isPresent()) {
      log.info("Message {} in chat {} already has a job in hand; not starting another", target.messageId(), target.chatId());
      return;
    }
    start(media, target, Optional.empty(), asker, Optional.empty(), Optional.empty());
  }

  /**
   * Transcribes the new media of an edited message: the bot's earlier reply {@code oldReply}
   * becomes the placeholder, then the new transcript.
   */
  void redo(Media media, ReplyTarget target, int oldReply, Asker asker) {
    start(media, target, Optional.of(oldReply), asker, Optional.empty(), Optional.empty());
  }

  /**
   * Takes up a job recorded before a restart: polled again or answered from the store by the
   * service, delivered where it was expected (its placeholder edited, when one was sent).
   */
  void resume(JobRecord record) {
    Optional<TelegramJobs.Kept> kept = TelegramJobs.read(record);
    if (kept.isEmpty()) {
      log.warn("Job {} in the store cannot be read; it is dropped", record.id());
      jobs.save(record.at(JobStage.FAILED, Optional.empty(), tuning.clock().instant()));
      return;
    }
    TelegramJobs.Kept k = kept.get();
    log.info("Resuming job {} ({}) in chat {}", record.id(), record.stage(), k.target().chatId());
    Optional<DeliveryPlan> plan = record.plan().flatMap(DeliveryPlan::fromJson);
    if (record.stage() == JobStage.DELIVERING && plan.isPresent()) {
      Tracked job = new Tracked(record);
      CompletableFuture<Void> done = track();
      clearProgressAfter(done, k.target());
      Metrics.Delivery delivery = service.metrics().delivery(PLATFORM);
      carryOut(k.media(), k.target(), k.placeholder(), plan.get())
          .whenComplete((ok, e) -> delivered(job, k.target(), plan.get(), e, done, delivery));
      return;
    }
    start(k.media(), k.target(), Optional.empty(), k.asker(), k.placeholder(), Optional.of(record));
  }

  /**
   * @param oldReply the bot's earlier answer to edit into the new one (an edited message)
   * @param placeholder the placeholder a resumed job already showed
   * @param resumed the job's record, when it is resumed after a restart
   */
  private void start(Media media, ReplyTarget target, Optional<Integer> oldReply, Asker asker,
      Optional<Integer> placeholder, Optional<JobRecord> resumed) {
    Optional<Integer> shown = placeholder.or(() -> oldReply);
    if (media.size().isPresent() && media.size().getAsLong() > files.downloadLimit()) {
      log.info("Refused the {} of {} bytes in chat {}: over the Bot API's download limit",
          media.kind(), media.size().getAsLong(), target.chatId());
      send(media, target, shown, messages.to(target).tooLarge());
      resumed.ifPresent(r -> jobs.save(r.at(JobStage.FAILED, Optional.empty(), tuning.clock().instant())));
      return;
    }
    Tracked job = new Tracked(resumed.orElseGet(() -> JobRecord.start(TelegramJobs.id(target), TelegramJobs.PLATFORM,
        TelegramJobs.request(media), TelegramJobs.waiter(target, shown, asker), tuning.clock().instant())), asker);
    if (resumed.isEmpty() && !job.save()) return;
    Optional<String> language;
    try {
      language = settings.language(target.chatId());
    } catch (RuntimeException e) {
      // An unreadable store must not cost the user their answer: fall back to the default language.
      log.warn("Could not read the language of chat {}: {}", target.chatId(), e.toString());
      language = Optional.empty();
    }
    // A job the service took before a restart is polled again under its generation: no download, no create.
    Optional<SpeechToText.Started> generation = resumed.filter(r -> r.stage() == JobStage.POLLING)
        .flatMap(r -> r.generationId().flatMap(id -> r.generationCreatedAt().map(at -> new SpeechToText.Started(id, at))));
    CompletableFuture<Transcript> result = transcribe(media, language, asker.who(), job, generation, resumed.isPresent());
    CompletableFuture<Void> done = track();
    // A job resumed in a group may have left its 👀 on the media: it comes off with the answer.
    if (resumed.isPresent()) clearProgressAfter(done, target);
    if (result.isDone()) {
      // From the cache, or refused before anything was spent: no placeholder, no typing.
      result.whenComplete((t, error) -> deliver(job, media, target, shown, t, error, true, asker, done,
          service.metrics().delivery(PLATFORM)));
      return;
    }
    if (placeholder.isPresent()) {
      // Resumed after a restart: the placeholder the user sees is edited when the result comes.
      result.whenComplete((t, error) -> {
        Metrics.Delivery delivery = service.metrics().delivery(PLATFORM);
        workers.execute(() -> deliver(job, media, target, placeholder, t, error, false, asker, done, delivery));
      });
      return;
    }
    Waiting waiting = new Waiting(target, oldReply, job, byReaction(target));
    waiting.begin();
    result.whenComplete((t, error) -> {
      // Timed from here: the hop to a worker and the placeholder are latency the bot adds.
      Metrics.Delivery delivery = service.metrics().delivery(PLATFORM);
      workers.execute(() -> waiting.finish(p -> deliver(job, media, target, p, t, error, false, asker, done, delivery),
          done));
    });
  }

  /** Groups show progress as a 👀 reaction unless their admins chose the placeholder; private chats never. */
  private boolean byReaction(ReplyTarget target) {
    // Private chats have the user's (positive) id; groups, supergroups and channels negative ones.
    if (target.chatId() > 0) return false;
    try {
      return settings.progressByReaction(target.chatId());
    } catch (RuntimeException e) {
      log.warn("Could not read the progress style of chat {}: {}", target.chatId(), e.toString());
      return true;
    }
  }

  /**
   * After {@code done}, takes the bot's reaction off the media of a job resumed after a restart, in
   * a chat that shows progress by reaction: the run before may have put the 👀 there. Removing a
   * reaction that is not there changes nothing.
   */
  private void clearProgressAfter(CompletableFuture<Void> done, ReplyTarget target) {
    if (!byReaction(target)) return;
    done.whenComplete((v, e) -> removeReaction(target));
  }

  private void removeReaction(ReplyTarget target) {
    api.react(target.chatId(), target.messageId(), Optional.empty()).whenComplete((ok, e) -> {
      if (e != null) log.debug("Removing the reaction in chat {} failed: {}", target.chatId(), BotApi.describe(e));
    });
  }

  /** A future that completes when a job's answer is out; {@link #awaitIdle} waits for them. */
  private CompletableFuture<Void> track() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight.add(done);
    done.whenComplete((v, e) -> inFlight.remove(done));
    return done;
  }

  /** Stops delivering failures caused by the shutdown: those jobs stay in the store for the next start. */
  void stop() {
    stopping = true;
  }

  /** Waits until every job in flight has been answered, at most {@code grace}; true when none is left. */
  boolean awaitIdle(Duration grace) {
    return dev.voxscribe.core.transcribe.ShutdownGrace.await(inFlight, grace, "jobs");
  }


  /** Asks the service for the media's transcript (the cache answers a file it has seen, by file_unique_id). */
  CompletableFuture<Transcript> transcribe(Media media, Optional<String> language, Requester who) {
    return transcribe(media, language, who, JobProgress.NONE, Optional.empty(), false);
  }

  private CompletableFuture<Transcript> transcribe(Media media, Optional<String> language, Requester who,
      JobProgress progress, Optional<SpeechToText.Started> generation, boolean resumed) {
    TranscriptionRequest.Builder request = TranscriptionRequest.builder(() -> files.fetch(media))
        .language(language)
        .requester(who)
        .progress(progress)
        .generation(generation)
        .resumed(resumed);
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

  private void deliver(Tracked job, Media media, ReplyTarget target, Optional<Integer> placeholder,
      @Nullable Transcript t, @Nullable Throwable error, boolean immediate, Asker asker, CompletableFuture<Void> done,
      Metrics.Delivery delivery) {
    if (job.takenOver()) {
      // The instance that took the job over answers it; this one only lets go of it.
      done.complete(null);
      return;
    }
    if (error != null && stopping) {
      log.info("Job {} is left in the store for the next start", job.id());
      done.complete(null);
      return;
    }
    if (error != null || t == null) {
      Optional<DeliveryPlan> plan = failurePlan(media, target, placeholder, error, asker);
      if (plan.isEmpty()) {
        job.finished(JobStage.FAILED);
        done.complete(null);
        return;
      }
      carryOutKept(job, media, target, placeholder, plan.get(), Optional.empty(), done, delivery);
      return;
    }
    String text = t.text().strip();
    log.info("Transcribed the {} of message {} in chat {}: {} characters{}", media.kind(), target.messageId(),
        target.chatId(), text.length(), immediate ? ", answered from the cache" : "");
    Messages m = messages.to(target);
    if (text.isEmpty()) {
      carryOutKept(job, media, target, placeholder, DeliveryPlan.single(m.noSpeech(), false), Optional.empty(), done,
          delivery);
      return;
    }
    // Kept for its buttons first, so an automatic summary made now is kept for the Summary button too.
    List<DeliveryPlan.Button> buttons = buttons(t, media, m, "message " + target.messageId() + " in chat "
        + target.chatId());
    autoSummary(media, t, m, asker).thenAccept(header -> {
      Answer answer = new Answer(t, m, header, buttons);
      carryOutKept(job, media, target, placeholder, transcriptPlan(answer, text), Optional.of(answer), done, delivery);
    }).exceptionally(e -> {
      // A bug, not a refusal: logged, and the job no longer counted as in flight.
      log.error("Could not answer message {} in chat {}", target.messageId(), target.chatId(), e);
      done.complete(null);
      return null;
    });
  }

  /** A transcript's answer but its text (which a refusal may make cleaner). */
  private record Answer(Transcript transcript, Messages messages, Optional<String> header,
      List<DeliveryPlan.Button> buttons) {}

  /**
   * Keeps {@code plan} with the job, then carries it out; when Telegram refuses the text of a
   * transcript's {@code answer}, it goes again clean, then as a file.
   */
  private void carryOutKept(Tracked job, Media media, ReplyTarget target, Optional<Integer> placeholder,
      DeliveryPlan plan, Optional<Answer> answer, CompletableFuture<Void> done, Metrics.Delivery delivery) {
    if (!job.delivering(plan)) {
      done.complete(null);
      return;
    }
    carryOut(media, target, placeholder, plan).whenComplete((ok, e) -> {
      if (e != null && answer.isPresent() && plan.file().isEmpty() && refused(e)) {
        refusedText(job, media, target, placeholder, answer.get(), e, done, delivery);
      } else {
        delivered(job, target, plan, e, done, delivery);
      }
    });
  }

  private void delivered(Tracked job, ReplyTarget target, DeliveryPlan plan, @Nullable Throwable e,
      CompletableFuture<Void> done, Metrics.Delivery delivery) {
    sentOrLogged(target, e, delivery);
    job.finished(e != null || plan.failed() ? JobStage.FAILED : JobStage.DELIVERED);
    done.complete(null);
  }

  /** What to say about a failure (nothing: a refusal kept quiet, with no placeholder to answer). */
  private Optional<DeliveryPlan> failurePlan(Media media, ReplyTarget target, Optional<Integer> placeholder,
      @Nullable Throwable error, Asker asker) {
    TranscriptionException failure = TranscriptionException.from(error == null ? new IllegalStateException("no result") : error);
    logFailure(media, target, failure);
    Messages m = messages.to(target);
    Optional<String> text = failureText(failure, asker, m);
    // A placeholder already showing must still become an answer.
    if (text.isEmpty() && placeholder.isEmpty()) return Optional.empty();
    return Optional.of(DeliveryPlan.single(text.orElseGet(() -> m.failure(failure.kind())), true));
  }

  /**
   * Carries out a plan with the Bot API: the first message edits the placeholder (or replies), the
   * others follow as replies, each in its format, the buttons under the last; a file comes as a
   * document with the buttons, after the placeholder says so.
   */
  private CompletableFuture<?> carryOut(Media media, ReplyTarget target, Optional<Integer> placeholder, DeliveryPlan plan) {
    Optional<InlineKeyboardMarkup> keyboard = TranscriptButtons.keyboard(plan.buttons());
    if (plan.file().isPresent()) {
      DeliveryPlan.TextFile file = plan.file().get();
      CompletableFuture<?> note = placeholder.isPresent()
          ? show(media, target, placeholder, plan.parts().get(0), Optional.empty())
          : CompletableFuture.completedFuture(null);
      return note.handle((ok, e) -> null)
          .thenCompose(x -> api.replyWithFile(target, file.name(), file.content(), file.caption().orElse(""), keyboard));
    }
    List<DeliveryPlan.Part> parts = plan.parts();
    int last = parts.size() - 1;
    CompletableFuture<?> chain = show(media, target, placeholder, parts.get(0), last == 0 ? keyboard : Optional.empty());
    for (int i = 1; i <= last; i++) {
      DeliveryPlan.Part part = parts.get(i);
      Optional<InlineKeyboardMarkup> markup = i == last ? keyboard : Optional.empty();
      chain = chain.thenCompose(x -> api.reply(target, part.text(), part.format(), markup));
    }
    return chain;
  }

  /**
   * The transcript {@code text} (below its summary, when there is one) as messages laid out by
   * {@link TranscriptLayout}, or as a file when it would take too many; the buttons under it.
   */
  private DeliveryPlan transcriptPlan(Answer a, String text) {
    Messages m = a.messages();
    Optional<List<DeliveryPlan.Part>> layout =
        TranscriptLayout.of(text, m.footer(a.transcript()), a.header(), tuning.maxMessages());
    if (layout.isPresent()) return new DeliveryPlan(layout.get(), Optional.empty(), false, a.buttons());
    return filePlan(a, m.sentAsFile(), text);
  }

  /** The transcript as {@code transcript.txt} under {@code note}, the buttons under the file. */
  private static DeliveryPlan filePlan(Answer a, String note, String text) {
    String content = a.header().map(h -> h + "\n\n").orElse("") + text;
    return new DeliveryPlan(List.of(DeliveryPlan.Part.plain(note)), Optional.of(new DeliveryPlan.TextFile(FILE_NAME,
        content, Optional.of(a.messages().fileCaption(a.transcript(), text.length())))), false, a.buttons());
  }

  /**
   * The buttons under {@code t} (already kept for them), labelled in {@code m}'s language; none when
   * buttons are off or the store failed (the transcript is shown all the same).
   */
  List<DeliveryPlan.Button> buttons(Transcript t, Media media, Messages m, String where) {
    List<Press> presses;
    try {
      presses = extras.map(e -> e.buttons(t, media.isFile())).orElse(List.of());
    } catch (RuntimeException e) {
      log.warn("Could not keep the transcript of {} for its buttons: {}", where, e.toString());
      presses = List.of();
    }
    return presses.stream().map(p -> new DeliveryPlan.Button(m.buttonLabel(p.action()), p.data())).toList();
  }

  /** As {@link #buttons}, as Telegram's inline keyboard (a guest answer's). */
  Optional<InlineKeyboardMarkup> keyboard(Transcript t, Media media, Messages m, String where) {
    return TranscriptButtons.keyboard(buttons(t, media, m, where));
  }

  /**
   * A summary above the transcript of a long voice note, when {@code VOXSCRIBE_AUTO_SUMMARY_SECONDS}
   * is set; nothing (and the transcript as usual) when the chat model fails or the quota is gone.
   * Never completes exceptionally.
   */
  private CompletableFuture<Optional<String>> autoSummary(Media media, Transcript t, Messages m, Asker asker) {
    if (extras.isEmpty() || !media.isVoiceNote()) return CompletableFuture.completedFuture(Optional.empty());
    Optional<Duration> after = extras.get().policy().autoSummaryAfter();
    // The platform's announced length first: some result shapes report none, or a rounded one.
    Optional<Duration> length = media.duration().or(t::audioDuration);
    if (after.isEmpty() || length.isEmpty() || length.get().compareTo(after.get()) <= 0) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    try {
      // Paid by whoever sent the voice note, as its transcript was; refused when their quota is gone.
      return extras.get().autoSummary(t, asker.who())
          .handle((r, e) -> r instanceof ExtraResult.Text summary
              ? Optional.of(m.autoSummary(summary.text())) : Optional.<String>empty());
    } catch (RuntimeException e) {
      log.warn("Could not summarise the voice note of a long transcript: {}", e.toString());
      return CompletableFuture.completedFuture(Optional.empty());
    }
  }

  /**
   * Telegram refused the transcript's text itself: it is tried again without control characters,
   * then sent as a file, so no "Transcribing…" is left standing.
   */
  private void refusedText(Tracked job, Media media, ReplyTarget target, Optional<Integer> placeholder, Answer answer,
      Throwable refusal, CompletableFuture<Void> done, Metrics.Delivery delivery) {
    Messages m = answer.messages();
    String text = answer.transcript().text().strip();
    String clean = PlainText.clean(text).strip();
    Optional<DeliveryPlan> cleaned = !clean.equals(text) && !clean.isEmpty()
        ? Optional.of(transcriptPlan(answer, clean)) : Optional.empty();
    if (cleaned.isPresent() && !job.delivering(cleaned.get())) {
      done.complete(null);
      return;
    }
    CompletableFuture<?> retry = cleaned.<CompletableFuture<?>>map(c -> carryOut(media, target, placeholder, c))
        .orElseGet(() -> CompletableFuture.failedFuture(refusal));
    retry.whenComplete((ok, e) -> {
      if (e == null) {
        log.info("Telegram refused the transcript in chat {} ({}); sent it without control characters",
            target.chatId(), BotApi.describe(refusal));
        delivered(job, target, cleaned.get(), null, done, delivery);
        return;
      }
      log.info("Telegram refused the transcript in chat {} ({}); sending it as {}", target.chatId(),
          BotApi.describe(e), FILE_NAME);
      DeliveryPlan file = filePlan(answer, m.refusedAsFile(), clean.isEmpty() ? text : clean);
      if (!job.delivering(file)) {
        done.complete(null);
        return;
      }
      carryOut(media, target, placeholder, file).whenComplete((ok2, e2) -> delivered(job, target, file, e2, done, delivery));
    });
  }

  /**
   * Whether the text itself may be what failed: a 400, or a request that could not even be built
   * (an unpaired surrogate breaks the JSON encoder). Not a 403 (blocked, no rights) or a 429 after
   * its retries, which no other text would change.
   */
  private static boolean refused(Throwable e) {
    return BotApi.requestException(e).map(r -> r.getErrorCode() == null || r.getErrorCode() == 400).orElse(true);
  }

  /**
   * A job's record, kept up to date in the store as it moves on. Once a write finds the job another
   * instance's (this one was presumed dead, paused past its lease, and that one took it over), this
   * instance stands down: it writes nothing more, creates nothing and sends no answer.
   */
  private final class Tracked implements JobProgress {
    private JobRecord record;
    private final Asker asker;
    private boolean takenOver;

    Tracked(JobRecord record, Asker asker) {
      this.record = record;
      this.asker = asker;
    }

    Tracked(JobRecord record) {
      this(record, new Asker(dev.voxscribe.core.spend.Requester.LOCAL, false));
    }

    synchronized String id() {
      return record.id();
    }

    /** Writes the record; false when the job is another instance's now (a store failure is not that). */
    private boolean write() {
      return write("Job {} was taken over by another instance; not answering");
    }

    private boolean write(String takenOverLine) {
      if (takenOver) return false;
      if (jobs.save(record).ours()) return true;
      takenOver = true;
      log.info(takenOverLine, record.id());
      return false;
    }

    synchronized boolean takenOver() {
      return takenOver;
    }

    synchronized boolean save() {
      return write();
    }

    synchronized void placeholder(ReplyTarget target, int messageId) {
      record = record.withWaiter(TelegramJobs.waiter(target, Optional.of(messageId), asker), tuning.clock().instant());
      write();
    }

    @Override
    public synchronized boolean creating() {
      record = record.at(JobStage.CREATING, Optional.empty(), tuning.clock().instant());
      return write();
    }

    @Override
    public synchronized void polling(String generationId, Instant createdAt) {
      record = record.polling(generationId, createdAt, tuning.clock().instant());
      write();
    }

    /** Keeps the plan before it is carried out; false: another instance's job now, nothing is sent. */
    synchronized boolean delivering(DeliveryPlan plan) {
      record = record.withPlan(plan.toJson(), tuning.clock().instant());
      return write();
    }

    synchronized void finished(JobStage stage) {
      record = record.at(stage, Optional.empty(), tuning.clock().instant());
      write("Job {} was taken over by another instance while this one answered it");
    }
  }

  private void send(Media media, ReplyTarget target, Optional<Integer> placeholder, String text) {
    show(media, target, placeholder, DeliveryPlan.Part.plain(text), Optional.empty())
        .whenComplete((ok, e) -> logUndelivered(target, e));
  }

  /**
   * Edits the placeholder into {@code message}, or replies when there is none (or it is gone); the
   * message that shows the answer is remembered, so an edit of the media can rewrite it.
   */
  private CompletableFuture<?> show(Media media, ReplyTarget target, Optional<Integer> placeholder,
      DeliveryPlan.Part message, Optional<InlineKeyboardMarkup> keyboard) {
    if (placeholder.isEmpty()) return replyAndRemember(media, target, message, keyboard);
    return api.edit(target.chatId(), placeholder.get(), message.text(), message.format(), keyboard)
        .<CompletableFuture<?>>handle((ok, e) -> {
          if (e == null || BotApi.describe(e).contains("message is not modified")) {
            answered.record(target, media.fileUniqueId(), placeholder.get());
            return CompletableFuture.completedFuture(ok);
          }
          log.debug("Editing the placeholder in chat {} failed ({}); replying instead", target.chatId(), BotApi.describe(e));
          return replyAndRemember(media, target, message, keyboard);
        })
        .thenCompose(f -> f);
  }

  private CompletableFuture<?> replyAndRemember(Media media, ReplyTarget target, DeliveryPlan.Part message,
      Optional<InlineKeyboardMarkup> keyboard) {
    return api.reply(target, message.text(), message.format(), keyboard).thenApply(m -> {
      answered.record(target, media.fileUniqueId(), m.getMessageId());
      return m;
    });
  }

  private static void sentOrLogged(ReplyTarget target, @Nullable Throwable e, Metrics.Delivery delivery) {
    if (e == null) delivery.sent();
    else logUndelivered(target, e);
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

  /**
   * The typing action (shared by the chat's jobs) and the delayed progress of one job: a placeholder
   * reply, or in groups a 👀 reaction on the media (removed once the answer is out), falling back to
   * the placeholder where reactions are not allowed.
   */
  private final class Waiting {
    private final ReplyTarget target;
    private final Tracked job;
    private final boolean byReaction;
    private ChatActions.@Nullable Waiter typing;
    private @Nullable ScheduledFuture<?> placeholderTimer;
    private @Nullable CompletableFuture<Optional<Integer>> placeholder;
    private @Nullable CompletableFuture<Boolean> reaction;
    private boolean finished;

    /**
     * @param oldReply the earlier answer that becomes the placeholder at once (an edited message)
     * @param byReaction whether progress is a reaction on the media rather than a placeholder reply
     */
    Waiting(ReplyTarget target, Optional<Integer> oldReply, Tracked job, boolean byReaction) {
      this.target = target;
      this.job = job;
      this.byReaction = byReaction;
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
            placeholderTimer = scheduler.schedule(this::showProgress, tuning.placeholderAfter().toMillis(),
                TimeUnit.MILLISECONDS);
          }
        }
      } catch (RejectedExecutionException e) {
        // Shutting down: the result, if any, is still delivered without a placeholder.
      }
    }

    private synchronized void showProgress() {
      if (finished) return;
      if (byReaction) {
        CompletableFuture<Optional<Integer>> fallback = new CompletableFuture<>();
        placeholder = fallback;
        reaction = api.react(target.chatId(), target.messageId(), Optional.of(PROGRESS_EMOJI)).handle((ok, e) -> {
          if (e == null) {
            fallback.complete(Optional.empty());
            return true;
          }
          log.debug("Reacting in chat {} failed ({}); showing a placeholder instead", target.chatId(), BotApi.describe(e));
          placeholderMessage().whenComplete((id, x) -> fallback.complete(id == null ? Optional.empty() : id));
          return false;
        });
        return;
      }
      placeholder = placeholderMessage();
    }

    private CompletableFuture<Optional<Integer>> placeholderMessage() {
      CompletableFuture<Optional<Integer>> shown = api.reply(target, messages.to(target).working())
          .handle((m, e) -> {
            if (e != null) return Optional.<Integer>empty();
            // Kept with the job: after a restart this message is edited into the answer.
            job.placeholder(target, m.getMessageId());
            return Optional.of(m.getMessageId());
          });
      // Once the placeholder shows, it says "working": the typing action would only repeat it.
      shown.thenAccept(id -> {
        if (id.isPresent()) stopTyping();
      });
      return shown;
    }

    private synchronized void stopTyping() {
      if (typing != null) typing.stop();
      typing = null;
    }

    /** Runs {@code then} with the placeholder, if any; the 👀 comes off once {@code answered} completes. */
    void finish(Consumer<Optional<Integer>> then, CompletableFuture<Void> answered) {
      CompletableFuture<Optional<Integer>> sent;
      CompletableFuture<Boolean> reacted;
      synchronized (this) {
        finished = true;
        stopTyping();
        if (placeholderTimer != null) placeholderTimer.cancel(false);
        sent = placeholder;
        reacted = reaction;
      }
      if (sent == null) then.accept(Optional.empty());
      else sent.thenAccept(then);
      if (reacted != null) {
        // The 👀 comes off once the transcript is there (or could not be sent).
        answered.thenCombine(reacted, (x, on) -> on).thenAccept(on -> {
          if (on) removeReaction(target);
        });
      }
    }
  }
}
