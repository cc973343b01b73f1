package dev.voxscribe.discord;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.extras.ExtrasPolicy;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.llm.AimlChatApi;
import dev.voxscribe.core.settings.SqliteSettingsStore;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.store.UsageStore;
import java.net.URI;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.LoggerFactory;

/**
 * The real adapter on real JDA, against the Discord stand-in and a real transcription stack on the
 * AI/ML API stand-in, with SQLite settings in a temporary directory and every log line captured.
 */
final class TestBed implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final long MAX_BYTES = 1L << 20;
  static final Duration MAX_AUDIO = Duration.ofMinutes(2);

  final FakeAimlApi aiml = new FakeAimlApi();
  final FakeDiscord discord = new FakeDiscord();
  final TranscriptionStack stack;
  final SqliteSettingsStore settings;
  final DiscordPlatform platform;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  TestBed(Path dataDir, boolean denyMessageContent) throws Exception {
    this(dataDir, denyMessageContent, Deferral.ANSWER_WITHIN);
  }

  /** @param answerWithin how long commands wait for transcripts before answering "took too long" */
  TestBed(Path dataDir, boolean denyMessageContent, Duration answerWithin) throws Exception {
    this(dataDir, denyMessageContent, answerWithin, List.of(), SpendPolicy.UNLIMITED, Clock.systemUTC(), Optional.empty());
  }

  /** @param cdnHosts {@code DISCORD_CDN_HOSTS}: further hosts attachments may come from */
  TestBed(Path dataDir, List<String> cdnHosts) throws Exception {
    this(dataDir, false, Deferral.ANSWER_WITHIN, cdnHosts, SpendPolicy.UNLIMITED, Clock.systemUTC(), Optional.empty());
  }

  /** With quotas and access lists, the days of which run on {@code clock}; counted in memory. */
  TestBed(Path dataDir, SpendPolicy spend, Clock clock) throws Exception {
    this(dataDir, false, Deferral.ANSWER_WITHIN, List.of(), spend, clock, 4, 16, Optional.empty());
  }

  /** As above, with {@code running} jobs at once and {@code queued} waiting. */
  TestBed(Path dataDir, SpendPolicy spend, Clock clock, int running, int queued) throws Exception {
    this(dataDir, false, Deferral.ANSWER_WITHIN, List.of(), spend, clock, running, queued, Optional.empty());
  }

  /** With the buttons of {@code policy} under transcripts, the chat model on the AI/ML stand-in. */
  TestBed(Path dataDir, boolean denyMessageContent, Duration answerWithin, Optional<ExtrasPolicy> policy) throws Exception {
    this(dataDir, denyMessageContent, answerWithin, List.of(), SpendPolicy.UNLIMITED, Clock.systemUTC(), policy);
  }

  /** With the buttons of {@code policy}, paid for under the quotas and budget of {@code spend}. */
  TestBed(Path dataDir, SpendPolicy spend, ExtrasPolicy policy) throws Exception {
    this(dataDir, false, Deferral.ANSWER_WITHIN, List.of(), spend, Clock.systemUTC(), Optional.of(policy));
  }

  final MutableClock extrasClock = new MutableClock(java.time.Instant.parse("2026-12-01T10:00:00Z"));
  private @org.jspecify.annotations.Nullable AimlChatApi chat;
  private @org.jspecify.annotations.Nullable SqliteStore extrasStore;

  private TestBed(Path dataDir, boolean denyMessageContent, Duration answerWithin, List<String> cdnHosts,
      SpendPolicy spend, Clock clock, Optional<ExtrasPolicy> policy) throws Exception {
    this(dataDir, denyMessageContent, answerWithin, cdnHosts, spend, clock, 4, 16, policy);
  }

  /** @param guildLocale the test server's language ({@code preferred_locale}) */
  TestBed(Path dataDir, boolean denyMessageContent, Duration answerWithin, String guildLocale) throws Exception {
    this(dataDir, denyMessageContent, answerWithin, List.of(), SpendPolicy.UNLIMITED, Clock.systemUTC(), 4, 16, guildLocale,
        Optional.empty());
  }

  private TestBed(Path dataDir, boolean denyMessageContent, Duration answerWithin, List<String> cdnHosts,
      SpendPolicy spend, Clock clock, int running, int queued, Optional<ExtrasPolicy> policy) throws Exception {
    this(dataDir, denyMessageContent, answerWithin, cdnHosts, spend, clock, running, queued, "en-US", policy);
  }

  private TestBed(Path dataDir, boolean denyMessageContent, Duration answerWithin, List<String> cdnHosts,
      SpendPolicy spend, Clock clock, int running, int queued, String guildLocale, Optional<ExtrasPolicy> policy)
      throws Exception {
    discord.guildLocale(guildLocale);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    aiml.script(JobScript.completes("Hello there.").afterPolls(1));
    discord.denyMessageContent(denyMessageContent);
    stack = TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(MAX_BYTES, MAX_AUDIO, running, queued),
        new CachePolicy(Duration.ofHours(1), 1000), TranscriptionStack.fastPolls(Duration.ofSeconds(10)), spend,
        UsageStore.inMemory(), clock);
    settings = SqliteSettingsStore.open(dataDir);
    DiscordConfig config = new DiscordConfig(Optional.of(FakeDiscord.TOKEN), URI.create(discord.restBase()),
        Optional.of(URI.create(discord.gatewayUrl())), Optional.of(FakeDiscord.GUILD_ID), cdnHosts);
    Optional<TranscriptExtras> extras = Optional.empty();
    if (policy.isPresent()) {
      chat = new AimlChatApi(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey(), Duration.ofSeconds(5),
          Duration.ofSeconds(10)), extrasClock);
      extrasStore = SqliteStore.open(dataDir.resolve("store"));
      // Paid for through the stack's quotas and budget, as in the app.
      extras = Optional.of(new TranscriptExtras(chat, extrasStore.extras(), policy.get(), stack.spending(), extrasClock));
    }
    platform = new DiscordPlatform(config, stack.service(), settings, WAIT, answerWithin, extras);
    platform.start();
  }

  /** Audio bytes no other test uploads, so no transcript comes from another test's cache entry. */
  static byte[] uniqueAudio() {
    byte[] data = new byte[2048];
    ThreadLocalRandom.current().nextBytes(data);
    data[0] = 'O';
    data[1] = 'g';
    data[2] = 'g';
    data[3] = 'S';
    return data;
  }

  /** Every log line so far, with stack traces. */
  List<String> logLines() {
    List<ILoggingEvent> events;
    synchronized (logs) { // the appender adds under its own lock while other threads log
      events = List.copyOf(logs.list);
    }
    return events.stream()
        .map(e -> e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }

  @Override
  public void close() {
    platform.close();
    if (chat != null) chat.close();
    if (extrasStore != null) extrasStore.close();
    discord.close();
    stack.close();
    aiml.close();
    settings.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }
}
