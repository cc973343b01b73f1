package dev.voxscribe.telegram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.config.Redaction;
import dev.voxscribe.config.TelegramConfig;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Health;
import dev.voxscribe.core.HealthSignal;
import dev.voxscribe.core.Platform;
import dev.voxscribe.core.store.Inbox;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStore;
import dev.voxscribe.core.store.Leadership;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.store.UndecodableUpdates;
import dev.voxscribe.core.settings.SettingsStore;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.transcribe.TranscriptionService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import dev.voxscribe.core.text.Texts;
import java.util.Locale;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * The Telegram bot: long polling by default, a webhook endpoint when {@code TELEGRAM_WEBHOOK_URL}
 * is set. Every Bot API call and every file download goes to {@code TELEGRAM_API_URL}. The
 * adapter owns its threads (update workers, a timer, the HTTP client's threads, the poller) and
 * releases them on {@link #close()}.
 */
public final class TelegramPlatform implements Platform {
  private static final Logger log = LoggerFactory.getLogger(TelegramPlatform.class);
  /**
   * The update types the bot handles; Telegram then sends nothing else. An explicit list replaces
   * the server's default, so every type must be named here ({@code guest_message} included).
   */
  static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "channel_post",
      "edited_channel_post", "guest_message", "callback_query");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int WORKERS = 4;

  private final TelegramConfig config;
  private final String token;
  private final HttpUrl apiBase;
  private final TelegramUrl telegramUrl;
  private final Tuning tuning;
  private final ObjectMapper json;

  private final ThreadPoolExecutor workers;
  /** Local Bot API files are read here: a slow disk never holds up the update workers. */
  private final ThreadPoolExecutor diskReaders;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ThreadPoolExecutor httpThreads;
  private final ScheduledExecutorService pollThread;
  /**
   * Leadership checks: never on the poll thread, which a long poll holds for its whole timeout, long
   * enough for the database to end a session that confirmed nothing for the lease.
   */
  private final ScheduledExecutorService leaderThread;
  private final OkHttpClient http;
  private final UpdateDecoder decoder;
  private final UndecodableUpdates undecodable;
  private final JobStore jobs;
  private final TelegramInbox inbox;
  private final Metrics metrics;
  /** Updated by whatever receives updates (the poll loop after each poll, the webhook set-up). */
  private final HealthSignal health = new HealthSignal();

  private final BotApi api;
  private final ChatSettings settings;
  private final Messages messages;
  private final Transcriber transcriber;
  private final Features features;
  private final ChatQueue queue;
  private final PendingTranscripts pending;
  private final Optional<TranscriptExtras> extras;

  /** Which instance of a cluster on one database polls, and sets the webhook and the menu. */
  private final Leadership leadership;
  private final Duration lease;
  private @Nullable UpdateHandler pollHandler;
  /** Set by {@link #start()}: where updates left by an instance that stopped are handled. */
  private volatile @Nullable Intake intake;
  private java.util.concurrent.@Nullable ScheduledFuture<?> leaderChecks;
  private java.util.concurrent.@Nullable ScheduledFuture<?> takeOvers;
  /** The long-poll role: Telegram serves one getUpdates at a time per bot. */
  static final String POLL_ROLE = "telegram-poll";
  /** setWebhook and setMyCommands, by one instance of a webhook cluster. */
  static final String SETUP_ROLE = "telegram-setup";
  /** Cleared by {@link #stopTaking()}: a standby instance then never takes the long poll over. */
  private boolean taking = true;

  private @Nullable LongPoller polling;
  private @Nullable WebhookServer webhook;
  private volatile boolean closed;

  /**
   * The bot as the app runs it.
   *
   * @param config the Telegram settings; the token must be set
   * @param service the transcription service (its limits are what users are told)
   * @param settings the per-chat settings store (auto mode, language)
   * @param undecodable where updates TelegramBots cannot decode are kept for inspection
   * @param metrics where such updates are counted
   */
  public TelegramPlatform(TelegramConfig config, TranscriptionService service, SettingsStore settings,
      UndecodableUpdates undecodable, Metrics metrics) {
    this(config, service, settings, undecodable, metrics, Optional.empty(), Tuning.defaults());
  }

  /**
   * As above, with buttons under transcripts (summary, translation, subtitles) when {@code extras} is set.
   */
  public TelegramPlatform(TelegramConfig config, TranscriptionService service, SettingsStore settings,
      UndecodableUpdates undecodable, Metrics metrics, Optional<TranscriptExtras> extras) {
    this(config, service, settings, undecodable, metrics, extras, Tuning.defaults());
  }

  /**
   * The bot with the whole store: updates recorded before they are confirmed, jobs kept and
   * resumed after a restart.
   */
  public TelegramPlatform(TelegramConfig config, TranscriptionService service, Store store, Metrics metrics) {
    this(config, service, store, metrics, Tuning.defaults());
  }

  /** As above, with buttons under transcripts (summary, translation, subtitles) when {@code extras} is set. */
  public TelegramPlatform(TelegramConfig config, TranscriptionService service, Store store, Metrics metrics,
      Optional<TranscriptExtras> extras) {
    this(config, service, store, metrics, extras, Tuning.defaults());
  }

  /**
   * As above, one of several instances on one database: {@code leadership} picks the one that
   * long-polls (the others stand by and take over within {@code lease} of its death), and in webhook
   * mode the one that calls setWebhook and setMyCommands (every instance serves the webhook path).
   */
  public TelegramPlatform(TelegramConfig config, TranscriptionService service, Store store, Metrics metrics,
      Optional<TranscriptExtras> extras, Leadership leadership, Duration lease) {
    this(config, service, store.settings(), store.undecodable(), metrics, Tuning.defaults(), store.inbox(), store.jobs(),
        extras, leadership, lease);
  }

  TelegramPlatform(TelegramConfig config, TranscriptionService service, Store store, Metrics metrics, Tuning tuning) {
    this(config, service, store, metrics, Optional.empty(), tuning);
  }

  TelegramPlatform(TelegramConfig config, TranscriptionService service, Store store, Metrics metrics,
      Optional<TranscriptExtras> extras, Tuning tuning) {
    this(config, service, store.settings(), store.undecodable(), metrics, tuning, store.inbox(), store.jobs(), extras,
        Leadership.ALONE, store.instance().lease());
  }

  TelegramPlatform(TelegramConfig config, TranscriptionService service, SettingsStore store,
      UndecodableUpdates undecodable, Metrics metrics, Tuning tuning) {
    this(config, service, store, undecodable, metrics, tuning, Inbox.NONE, JobStore.NONE, Optional.empty());
  }

  TelegramPlatform(TelegramConfig config, TranscriptionService service, SettingsStore store,
      UndecodableUpdates undecodable, Metrics metrics, Optional<TranscriptExtras> extras, Tuning tuning) {
    this(config, service, store, undecodable, metrics, tuning, Inbox.NONE, JobStore.NONE, extras);
  }

  private TelegramPlatform(TelegramConfig config, TranscriptionService service, SettingsStore store,
      UndecodableUpdates undecodable, Metrics metrics, Tuning tuning, Inbox inbox, JobStore jobs,
      Optional<TranscriptExtras> extras) {
    this(config, service, store, undecodable, metrics, tuning, inbox, jobs, extras, Leadership.ALONE,
        Duration.ofSeconds(30));
  }

  private TelegramPlatform(TelegramConfig config, TranscriptionService service, SettingsStore store,
      UndecodableUpdates undecodable, Metrics metrics, Tuning tuning, Inbox inbox, JobStore jobs,
      Optional<TranscriptExtras> extras, Leadership leadership, Duration lease) {
    if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, got " + lease);
    this.leadership = leadership;
    this.lease = lease;
    this.extras = extras;
    this.jobs = jobs;
    this.inbox = new TelegramInbox(inbox, tuning.clock());
    this.config = config;
    this.token = config.token().filter(t -> !t.isBlank())
        .orElseThrow(() -> new IllegalArgumentException("TELEGRAM_BOT_TOKEN is not set"));
    this.apiBase = apiBase(config.apiUrl());
    this.telegramUrl = new TelegramUrl(apiBase.scheme(), apiBase.host(), apiBase.port(), false);
    this.tuning = tuning;
    this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    // TelegramBots decodes updates with a plain mapper (GetUpdates.deserializeResponse): so do we.
    this.decoder = new UpdateDecoder(new ObjectMapper());
    this.undecodable = undecodable;
    this.metrics = metrics;

    this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon("telegram-worker"));
    this.workers.allowCoreThreadTimeOut(true);
    this.diskReaders = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon("telegram-disk"));
    this.diskReaders.allowCoreThreadTimeOut(true);
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("telegram-timer"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.httpThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemon("telegram-http"));
    this.pollThread = Executors.newSingleThreadScheduledExecutor(daemon("telegram-poll"));
    this.leaderThread = Executors.newSingleThreadScheduledExecutor(daemon("telegram-leader"));
    Dispatcher dispatcher = new Dispatcher(httpThreads);
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(64);
    this.http = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectTimeout(Duration.ofSeconds(15))
        .writeTimeout(Duration.ofSeconds(60))
        // A long poll is held up to its timeout: reads must wait longer than that.
        .readTimeout(tuning.pollTimeout().plusSeconds(20))
        .build();

    OkHttpTelegramClient client = new OkHttpTelegramClient(new ObjectMapper(), http, token, telegramUrl);
    this.api = new BotApi(client, scheduler, tuning.clock(), tuning.maxSendAttempts());
    LocalFiles localFiles = new LocalFiles(config.localFilesDir(), service.limits().maxBytes());
    TelegramFiles files = new TelegramFiles(api, http, apiBase, token, service.limits().maxBytes(), localFiles,
        diskReaders, service.spool());
    long limitMb = Math.min(service.limits().maxMegabytes(), files.downloadLimit() / (1024 * 1024));
    this.settings = new ChatSettings(store, config.groupAuto());
    this.messages = new Messages(limitMb, service.limits().maxAudio(), settings);
    this.transcriber = new Transcriber(service, files, api, settings, messages, scheduler, workers, tuning, jobs, extras);
    this.pending = new PendingTranscripts(tuning.clock());
    this.features = Features.of(api, transcriber, settings, new Admins(api), messages, pending, service.spending());
    this.queue = new ChatQueue(workers, scheduler, Duration.ofSeconds(30));
  }

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  public Health health() {
    return health.current();
  }

  @Override
  public synchronized void start() throws Exception {
    if (closed) throw new IllegalStateException("the Telegram platform was closed");
    if (polling != null || webhook != null) throw new IllegalStateException("the Telegram platform already runs");
    User me = await(api.call(BotApi.NO_CHAT, "getMe", GetMe::new), "getMe");
    String username = me.getUserName() == null ? "" : me.getUserName();
    if (Boolean.TRUE.equals(me.getSupportsGuestQueries())) {
      log.info("Guest mode is on: people can mention @{} under a voice note in chats it is not in", username);
    } else {
      log.info("Guest mode is off (getMe: supports_guest_queries is not true): switch it on for @{} in @BotFather"
          + " to let people mention the bot in chats it is not in", username);
    }
    GuestQueries guests = new GuestQueries(features.kinds(), transcriber, settings, api, messages, pending, username);
    UpdateRouter router = new UpdateRouter(features, queue, transcriber, settings, api, messages, username, guests,
        extras.map(e -> new ButtonPresses(e, api, messages, username)));
    Intake intake = new Intake(router, undecodable, metrics, tuning.clock(), inbox);
    this.intake = intake;
    // Before anything new is fetched: the jobs and the updates the last run left, in the order they came.
    jobs.unfinished(TelegramJobs.PLATFORM).forEach(transcriber::resume);
    intake.replay(inbox.pending(decoder), this::hasJob);
    if (jobs != JobStore.NONE) {
      // Jobs of an instance that died (several on one database): resumed here once their leases lapse.
      long every = Math.max(100, lease.toMillis() / 3);
      this.takeOvers = scheduler.scheduleWithFixedDelay(this::takeOver, every, every, TimeUnit.MILLISECONDS);
    }
    boolean cluster = leadership != Leadership.ALONE;
    if (config.webhookUrl().isPresent()) {
      if (cluster && config.webhookSecret().isEmpty()) {
        throw new IllegalStateException("Several instances share the webhook (VOXSCRIBE_DATABASE_URL is set): set "
            + "TELEGRAM_WEBHOOK_SECRET to the same value on each, so every instance knows the secret Telegram sends");
      }
      boolean setup = leadership.hold(SETUP_ROLE);
      if (setup) registerMenu();
      startWebhook(config.webhookUrl().get(), intake, setup);
      log.info("Telegram bot @{} is running with a webhook (Bot API at {}://{}:{}){}", username,
          apiBase.scheme(), apiBase.host(), apiBase.port(),
          setup ? "" : "; another instance set the webhook and the menu");
    } else if (leadership.hold(POLL_ROLE)) {
      registerMenu();
      startPolling(intake);
      log.info("Telegram bot @{} is running with long polling (Bot API at {}://{}:{})", username,
          apiBase.scheme(), apiBase.host(), apiBase.port());
    } else {
      health.up("standing by: another instance long-polls");
      log.info("Telegram bot @{}: another instance long-polls; standing by to take over within VOXSCRIBE_LEASE ({} s)",
          username, lease.toSeconds());
    }
    if (cluster) {
      this.pollHandler = intake;
      long every = Math.max(100, lease.toMillis() / 3);
      this.leaderChecks = leaderThread.scheduleWithFixedDelay(this::checkLeadership, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Resumes the jobs whose instance stopped renewing their leases, then handles the updates it had
   * recorded but not yet made jobs of; each goes to one instance.
   */
  private void takeOver() {
    try {
      synchronized (this) {
        if (closed || !taking) return;
      }
      for (JobRecord job : jobs.takeOver(TelegramJobs.PLATFORM)) {
        log.info("Job {} was left by an instance that stopped ({}); resuming it here", job.id(), job.stage());
        try {
          transcriber.resume(job);
        } catch (RuntimeException e) {
          // One job that cannot resume must not strand the others this instance has just leased.
          log.warn("Job {} could not be resumed: {}", job.id(), e.toString());
        }
      }
    } catch (RuntimeException e) {
      log.warn("Telegram take-over of lapsed jobs failed: {}", e.toString());
    }
    // After the jobs, as at start: an update whose job the dead instance had saved is not handled again
    // (hasJob), the job itself was resumed above or by whichever instance took it.
    try {
      Intake handler = intake;
      if (handler != null) handler.takeOver(inbox.takeOver(decoder), this::hasJob);
    } catch (RuntimeException e) {
      log.warn("Telegram take-over of lapsed updates failed: {}", e.toString());
    }
  }

  /** Keeps the roles alive; takes the long poll over when its holder died, lets it go when lost. */
  private void checkLeadership() {
    try {
      if (config.webhookUrl().isPresent()) {
        leadership.hold(SETUP_ROLE); // only keeps the holder's session alive; the webhook stays set
        return;
      }
      boolean holds = leadership.hold(POLL_ROLE);
      synchronized (this) {
        if (closed || !taking) return;
        LongPoller poller = polling;
        UpdateHandler handler = pollHandler;
        if (holds && poller == null && handler != null) {
          log.info("Telegram: the instance that long-polled is gone; this one takes over");
          registerMenu();
          api.call(BotApi.NO_CHAT, "deleteWebhook", DeleteWebhook::new).whenComplete((ok, e) -> {
            if (e != null) log.warn("deleteWebhook before taking over failed: {}", BotApi.describe(e));
            synchronized (this) {
              if (!closed && taking && polling == null) startPoller(handler);
            }
          });
        } else if (!holds && poller != null) {
          log.warn("Telegram: lost the long-poll role (database unreachable or the session timed out); standing by");
          polling = null;
          poller.close();
          health.up("standing by: another instance long-polls");
        }
      }
    } catch (RuntimeException e) {
      log.warn("Telegram leadership check failed: {}", e.toString());
    }
  }

  /**
   * The menu without a language is English; each other language gets its own, which Telegram
   * shows to users whose app is in that language.
   */
  private void registerMenu() {
    for (Locale l : Texts.SUPPORTED) {
      boolean fallback = l.equals(Locale.ENGLISH);
      api.call(BotApi.NO_CHAT, "setMyCommands", () -> fallback
              ? new SetMyCommands(features.menu(messages.in(l)))
              : SetMyCommands.builder().commands(features.menu(messages.in(l))).languageCode(l.getLanguage()).build())
          .whenComplete((ok, e) -> {
            if (e != null) log.warn("Could not register the command menu ({}): {}", l, BotApi.describe(e));
          });
    }
  }

  private void startPolling(UpdateHandler handler) throws Exception {
    // getUpdates is refused while a webhook is set (by an earlier run in webhook mode).
    await(api.call(BotApi.NO_CHAT, "deleteWebhook", DeleteWebhook::new), "deleteWebhook");
    startPoller(handler);
  }

  private void startPoller(UpdateHandler handler) {
    LongPoller poller = new LongPoller(http, apiBase, token, ALLOWED_UPDATES, LongPoller.Timing.defaults(tuning.pollTimeout()),
        decoder, handler, json, pollThread, tuning.clock(), () -> ThreadLocalRandom.current().nextDouble(), health);
    this.polling = poller;
    poller.start();
  }

  private void startWebhook(URI url, UpdateHandler handler, boolean setWebhook) throws Exception {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String secret = config.webhookSecret().orElseGet(() -> {
      log.info("TELEGRAM_WEBHOOK_SECRET is not set: using a random secret for this run");
      return randomSecret();
    });
    InetSocketAddress bind = config.webhookBind()
        .map(address -> new InetSocketAddress(literal(address), config.webhookPort()))
        .orElseGet(() -> new InetSocketAddress(config.webhookPort()));
    WebhookServer server = new WebhookServer(bind, tuning.webhook(), path, secret, json, decoder, handler, tuning.clock());
    this.webhook = server;
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on TELEGRAM_WEBHOOK_BIND " + config.webhookBind().orElse("*")
          + " port TELEGRAM_WEBHOOK_PORT " + config.webhookPort() + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
    if (setWebhook) {
      await(api.setWebhook(SetWebhook.builder()
          .url(url.toString())
          .secretToken(secret)
          .allowedUpdates(ALLOWED_UPDATES)
          .build()), "setWebhook");
    }
    health.up("webhook");
  }

  /** Connections the webhook server holds now (tests of its limits). */
  int webhookConnections() {
    WebhookServer server = webhook;
    return server == null ? 0 : server.openConnections();
  }

  /** Which replies the bot has noted as its answers (tests that edit a message right after its answer). */
  Answered answered() {
    return transcriber.answered();
  }

  /** The most connections the webhook server held at once (tests of its bound). */
  int webhookPeakConnections() {
    WebhookServer server = webhook;
    return server == null ? 0 : server.peakConnections();
  }

  private <T> T await(CompletableFuture<T> call, String what) throws Exception {
    try {
      return call.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      String why = BotApi.describe(e.getCause());
      if (why.startsWith("401") || why.startsWith("404")) {
        throw new IllegalStateException("Telegram rejected the bot token in TELEGRAM_BOT_TOKEN (" + what + ": " + why + ")");
      }
      throw new IllegalStateException("Telegram " + what + " at " + apiAddress() + " failed (" + why
          + "): check TELEGRAM_API_URL and the network");
    } catch (TimeoutException e) {
      throw new IllegalStateException("Telegram " + what + " at " + apiAddress() + " did not answer within "
          + START_TIMEOUT.toSeconds() + " s: check TELEGRAM_API_URL and the network");
    }
  }

  /** The Bot API server as configured, without the token. */
  private String apiAddress() {
    return apiBase.scheme() + "://" + apiBase.host() + ":" + apiBase.port();
  }

  /** Whether the message, or the message it replies to (a /transcribe), is the subject of a kept job. */
  private boolean hasJob(Message message) {
    if (message.getChat() == null) return false;
    if (jobs.find(TelegramJobs.id(ReplyTarget.to(message))).isPresent()) return true;
    Message original = message.getReplyToMessage();
    return original != null && original.getChat() != null
        && jobs.find(TelegramJobs.id(ReplyTarget.to(original, message))).isPresent();
  }

  /** Stops fetching (long polling) or accepting (webhook) updates; what was received goes on. */
  @Override
  public synchronized void stopTaking() {
    health.down("stopping");
    taking = false;
    java.util.concurrent.ScheduledFuture<?> checks = leaderChecks;
    if (checks != null) checks.cancel(false);
    java.util.concurrent.ScheduledFuture<?> resumes = takeOvers;
    if (resumes != null) resumes.cancel(false);
    LongPoller poller = polling;
    polling = null;
    if (poller != null) poller.close();
    shutdown(pollThread, Duration.ofSeconds(5));
    leaderThread.shutdownNow();
    // A standby polls from its next check on, while this instance finishes what it received.
    if (poller != null) leadership.release(POLL_ROLE);
    WebhookServer server = webhook;
    webhook = null;
    if (server != null) server.close();
  }

  @Override
  public boolean awaitIdle(Duration grace) {
    return transcriber.awaitIdle(grace);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    health.down("stopped");
    transcriber.stop();
    stopTaking();
    shutdown(workers, Duration.ofSeconds(5));
    diskReaders.shutdownNow();
    scheduler.shutdownNow();
    http.dispatcher().cancelAll();
    shutdown(httpThreads, Duration.ofSeconds(5));
    http.connectionPool().evictAll();
    log.info("Telegram bot stopped");
  }

  private static void shutdown(ExecutorService executor, Duration grace) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) executor.shutdownNow();
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** {@code TELEGRAM_API_URL} as OkHttp needs it: scheme, host and port only (TelegramBots adds no path prefix). */
  static HttpUrl apiBase(URI uri) {
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new IllegalArgumentException(
          "TELEGRAM_API_URL must be an http or https URL, got '" + Redaction.url(uri) + "'");
    }
    if (!url.encodedPath().equals("/") || url.encodedQuery() != null) {
      throw new IllegalArgumentException(
          "TELEGRAM_API_URL must be scheme://host[:port] without a path, got '" + Redaction.url(uri) + "'");
    }
    return url;
  }

  /** An IP literal, checked by the config loader: parsing it asks no DNS. */
  private static InetAddress literal(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("TELEGRAM_WEBHOOK_BIND must be an IP address, got '" + address + "'");
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
