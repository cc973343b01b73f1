package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import dev.voxscribe.config.TelegramConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.settings.SettingsStore;
import dev.voxscribe.core.extras.ExtrasPolicy;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.llm.AimlChatApi;
import dev.voxscribe.core.store.Instance;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.store.UndecodableUpdates;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.Upload;
import dev.voxscribe.testing.telegram.ApiCall;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.core.spend.SpendPolicy;
import java.net.URI;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One bot under test: the real adapter, through the real TelegramBots library, against the Bot API
 * stand-in, with a real transcription stack against the AI/ML API stand-in. Logs are captured from
 * the start so {@link #close()} can check that the bot token never appeared anywhere.
 */
final class Harness implements AutoCloseable {
  static final TranscriptionLimits LIMITS = new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 4, 16);
  /** Production timings, with a shorter long poll (the stand-in still holds each poll for it). */
  static final Tuning TUNING = Tuning.defaults().withPollTimeout(Duration.ofSeconds(10));
  static final String PLACEHOLDER = new Messages(20, Duration.ofMinutes(20)).working();
  static final Messages TEXTS = new Messages(20, Duration.ofMinutes(20));
  /** The placeholder in every language, so an answer in any of them is told from it. */
  static final java.util.Set<String> PLACEHOLDERS = dev.voxscribe.core.text.Texts.SUPPORTED.stream()
      .map(l -> TEXTS.in(l).working()).collect(java.util.stream.Collectors.toSet());

  final CapturedLog log = new CapturedLog();
  final FakeTelegramApi tg = new FakeTelegramApi();
  final FakeAimlApi aiml = new FakeAimlApi();
  TranscriptionStack stack;
  GatedService service;
  /** The bot keeps updates and jobs in the store, as the app runs it. */
  private boolean keeping;
  private final TranscriptionLimits limits;
  private final SpendPolicy spend;
  private final Clock clock;
  private final Path dataDir;
  private final Tuning tuning;
  private final TelegramConfig config;
  private SqliteStore store;
  private TelegramPlatform platform;
  /** Buttons under transcripts, when the test asks for them. */
  private Optional<ExtrasPolicy> extrasPolicy = Optional.empty();
  final MutableClock extrasClock = new MutableClock(java.time.Instant.parse("2026-12-01T10:00:00Z"));
  private @org.jspecify.annotations.Nullable AimlChatApi chat;

  private Harness(Path dataDir, Tuning tuning, Optional<URI> webhookUrl, int webhookPort, Optional<String> secret) {
    this(dataDir, tuning, webhookUrl, webhookPort, secret, Optional.empty(), Optional.empty());
  }

  private Harness(Path dataDir, Tuning tuning, Optional<URI> webhookUrl, int webhookPort, Optional<String> secret,
      Optional<String> bind, Optional<Path> localFiles) {
    this(dataDir, tuning, webhookUrl, webhookPort, secret, bind, localFiles, LIMITS, SpendPolicy.UNLIMITED,
        Clock.systemUTC());
  }

  private Harness(Path dataDir, Tuning tuning, Optional<URI> webhookUrl, int webhookPort, Optional<String> secret,
      Optional<String> bind, Optional<Path> localFiles, TranscriptionLimits limits, SpendPolicy spend, Clock clock) {
    this.dataDir = dataDir;
    this.tuning = tuning;
    this.limits = limits;
    this.spend = spend;
    this.clock = clock;
    newStack();
    this.config = new TelegramConfig(Optional.of(tg.token()), URI.create(tg.baseUrl()), webhookUrl, webhookPort, secret, true,
        bind, localFiles);
  }

  /** Long polling with quotas and access lists, the days of which run on {@code clock}. */
  static Harness startSpending(Path dataDir, TranscriptionLimits limits, SpendPolicy spend, Clock clock) throws Exception {
    return new Harness(dataDir, TUNING, Optional.empty(), 8443, Optional.empty(), Optional.empty(), Optional.empty(),
        limits, spend, clock).startPlatform();
  }

  static Harness start(Path dataDir, Tuning tuning) throws Exception {
    return new Harness(dataDir, tuning, Optional.empty(), 8443, Optional.empty()).startPlatform();
  }

  static Harness startWebhook(Path dataDir, URI url, int port, Optional<String> secret) throws Exception {
    return new Harness(dataDir, TUNING, Optional.of(url), port, secret).startPlatform();
  }

  /** Webhook mode with the whole store, as the app runs it: each update recorded before it is answered 200. */
  static Harness startWebhookKeeping(Path dataDir, URI url, int port, Optional<String> secret) throws Exception {
    Harness h = new Harness(dataDir, TUNING, Optional.of(url), port, secret);
    h.keeping = true;
    return h.startPlatform();
  }

  /** Long polling, reading local Bot API files from {@code localFiles} (TELEGRAM_LOCAL_FILES_DIR). */
  static Harness startWithLocalFiles(Path dataDir, Path localFiles) throws Exception {
    return new Harness(dataDir, TUNING, Optional.empty(), 8443, Optional.empty(), Optional.empty(), Optional.of(localFiles))
        .startPlatform();
  }

  /** Webhook mode, listening on {@code bind} (TELEGRAM_WEBHOOK_BIND), with the clock in {@code tuning}. */
  static Harness startWebhook(Path dataDir, Tuning tuning, URI url, int port, Optional<String> secret, String bind)
      throws Exception {
    return new Harness(dataDir, tuning, Optional.of(url), port, secret, Optional.of(bind), Optional.empty()).startPlatform();
  }

  private void newStack() {
    // Counted in the store of the current start, as the app does.
    this.stack = TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), limits, new CachePolicy(Duration.ofHours(1), 1000),
        TranscriptionStack.fastPolls(Duration.ofSeconds(10)), spend, new StoreUsage(() -> store.usage()), clock);
    this.service = new GatedService(stack.service());
  }

  /** Long polling with the whole store, as the app runs it: updates recorded, jobs kept and resumed. */
  static Harness startKeeping(Path dataDir) throws Exception {
    Harness h = new Harness(dataDir, TUNING, Optional.empty(), 8443, Optional.empty());
    h.keeping = true;
    return h.startPlatform();
  }

  /** As {@link #startKeeping}, with the buttons of {@code policy} under transcripts. */
  static Harness startKeepingWithButtons(Path dataDir, ExtrasPolicy policy) throws Exception {
    Harness h = new Harness(dataDir, TUNING, Optional.empty(), 8443, Optional.empty());
    h.keeping = true;
    h.extrasPolicy = Optional.of(policy);
    return h.startPlatform();
  }

  /** Long polling, with the buttons of {@code policy} under transcripts (chat model: the AI/ML stand-in). */
  static Harness startWithButtons(Path dataDir, Tuning tuning, ExtrasPolicy policy) throws Exception {
    Harness h = new Harness(dataDir, tuning, Optional.empty(), 8443, Optional.empty());
    h.extrasPolicy = Optional.of(policy);
    return h.startPlatform();
  }

  /** As above, with quotas and a budget (issue 10) that presses are checked against and charged to. */
  static Harness startWithButtons(Path dataDir, ExtrasPolicy policy, SpendPolicy spend, Clock clock) throws Exception {
    Harness h = new Harness(dataDir, TUNING, Optional.empty(), 8443, Optional.empty(), Optional.empty(), Optional.empty(),
        LIMITS, spend, clock);
    h.extrasPolicy = Optional.of(policy);
    return h.startPlatform();
  }

  /** As {@link #startKeeping}, the platform given {@code wrap} of the store (a test noting its calls). */
  static Harness startKeeping(Path dataDir, java.util.function.Function<SqliteStore, dev.voxscribe.core.store.Store> wrap)
      throws Exception {
    Harness h = new Harness(dataDir, TUNING, Optional.empty(), 8443, Optional.empty());
    h.keeping = true;
    h.wrap = wrap;
    return h.startPlatform();
  }

  /**
   * As {@link #startKeeping(Path, java.util.function.Function)}, as one of several instances on the data
   * directory's database: the store leases to {@code instance} (the take-over sweep runs every third
   * of its lease).
   */
  static Harness startKeepingAs(Path dataDir, Instance instance,
      java.util.function.Function<SqliteStore, dev.voxscribe.core.store.Store> wrap) throws Exception {
    Harness h = new Harness(dataDir, TUNING, Optional.empty(), 8443, Optional.empty());
    h.keeping = true;
    h.wrap = wrap;
    h.instance = instance;
    return h.startPlatform();
  }

  private java.util.function.Function<SqliteStore, dev.voxscribe.core.store.Store> wrap = s -> s;
  /** This process as the store leases to it: alone on its file unless the test says otherwise. */
  private Instance instance = Instance.alone();

  private Harness startPlatform() throws Exception {
    store = SqliteStore.open(dataDir, instance);
    Optional<TranscriptExtras> extras = Optional.empty();
    if (extrasPolicy.isPresent()) {
      if (chat == null) {
        chat = new AimlChatApi(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey(), Duration.ofSeconds(5),
            Duration.ofSeconds(10)), extrasClock);
      }
      // Paid for through the stack's quotas and budget, as in the app.
      extras = Optional.of(new TranscriptExtras(chat, store.extras(), extrasPolicy.get(), stack.spending(), extrasClock));
    }
    platform = keeping
        ? new TelegramPlatform(config, service, wrap.apply(store), stack.metrics(), extras, tuning)
        : new TelegramPlatform(config, service, store.settings(), store.undecodable(), stack.metrics(), extras, tuning);
    platform.start();
    return this;
  }

  TelegramPlatform platform() {
    return platform;
  }

  SettingsStore store() {
    return store.settings();
  }

  UndecodableUpdates undecodable() {
    return store.undecodable();
  }

  /** The bot's whole store (jobs, inbox, ...), of the current start. */
  SqliteStore fullStore() {
    return store;
  }

  /**
   * Stops everything the process would lose (the bot, its speech stack with its in-memory cache, the
   * store), then runs {@code whileDown} and starts it all again on the same data directory.
   */
  void restartFresh(Runnable whileDown) throws Exception {
    platform.close();
    stack.close();
    store.close();
    whileDown.run();
    newStack();
    startPlatform();
  }

  /** Stops the bot and its store, then starts both again on the same data directory. */
  void restart() throws Exception {
    platform.close();
    store.close();
    startPlatform();
  }

  /** Distinct bytes that look like the start of an OGG file. */
  static byte[] audio(String seed) {
    return ("OggS\0\2voxscribe-test-audio:" + seed).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The bot's messages that reply to {@code messageId}, oldest first. */
  List<SentMessage> repliesTo(long chatId, int messageId) {
    return tg.sentMessages(chatId).stream().filter(m -> m.replyTo().equals(Optional.of(messageId))).toList();
  }

  /** Waits for the bot's final answer to a message: its first reply, once it is no longer the placeholder. */
  SentMessage answerTo(long chatId, int messageId) {
    return Await.until("an answer to message " + messageId + " in chat " + chatId,
        () -> repliesTo(chatId, messageId), r -> !r.isEmpty() && !PLACEHOLDERS.contains(r.get(0).text())).get(0);
  }

  Upload onlyUpload() {
    assertThat(aiml.uploads()).hasSize(1);
    return aiml.uploads().get(0);
  }

  @Override
  public void close() {
    try {
      if (platform != null) platform.close();
    } finally {
      if (chat != null) chat.close();
      if (store != null) store.close();
      stack.close();
      aiml.close();
      tg.close();
      log.close();
    }
  }

  /** The token (and its secret half) appears in no log line, no message sent, nothing the speech service received. */
  void assertTokenNeverLeaked() {
    String token = tg.token();
    String secretHalf = token.substring(token.indexOf(':') + 1);
    assertThat(log.all()).doesNotContain(token).doesNotContain(secretHalf);
    for (ApiCall call : tg.calls()) {
      assertThat(call.params().toString()).as("parameters of %s", call.method()).doesNotContain(secretHalf);
    }
    for (String headers : aiml.requestHeaders()) assertThat(headers).doesNotContain(secretHalf);
    for (Upload u : aiml.uploads()) {
      assertThat(u.fields().toString()).doesNotContain(secretHalf);
      assertThat(u.url()).isEmpty();
      u.audio().ifPresent(a -> assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain(secretHalf));
    }
  }
}
