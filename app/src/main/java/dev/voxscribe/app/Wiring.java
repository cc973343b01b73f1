package dev.voxscribe.app;

import dev.voxscribe.app.logging.LogSetup;
import dev.voxscribe.app.logging.Secrets;
import dev.voxscribe.config.ConfigException;
import dev.voxscribe.config.ConfigLoader;
import dev.voxscribe.config.ExtrasConfig;
import dev.voxscribe.config.VoxConfig;
import dev.voxscribe.config.SpendConfig;
import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.extras.ExtrasPolicy;
import dev.voxscribe.core.extras.TranscriptExtras;
import dev.voxscribe.core.store.ExtrasStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.spend.Access;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.store.UsageStore;
import java.time.Clock;
import java.time.Duration;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.stt.PollPolicy;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import java.util.Optional;

/** Turns the configuration records into core objects. The only place that knows both. */
final class Wiring {
  private Wiring() {}

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Wiring.class);

  /** For the bot: logs at INFO unless {@code VOXSCRIBE_LOG_LEVEL} says otherwise, warnings in the log. */
  static Optional<VoxConfig> config(Environment env) {
    return config(env, "INFO", false);
  }

  /**
   * Loads the configuration once, registers its secrets for masking, applies the log level and
   * format, and reports the warnings (in the log, or on stderr when the log is quiet).
   * On a problem, prints one line per problem and returns empty.
   */
  static Optional<VoxConfig> config(Environment env, String defaultLogLevel, boolean warningsOnStderr) {
    ConfigLoader.Loaded loaded;
    try {
      loaded = ConfigLoader.read(env.variables(), env.workingDir());
    } catch (ConfigException e) {
      e.problems().forEach(p -> env.err().println("Configuration error: " + Secrets.mask(p)));
      return Optional.empty();
    }
    VoxConfig config = loaded.config();
    Secrets.register(config.secrets());
    LogSetup.apply(config.ops(), defaultLogLevel);
    for (String warning : loaded.warnings()) {
      if (warningsOnStderr) env.err().println("Warning: " + warning);
      else log.warn(warning);
    }
    return Optional.of(config);
  }

  static AimlApiSettings apiSettings(VoxConfig config) {
    String key = config.speech().apiKey().orElseThrow(() -> new IllegalStateException("AIML_API_KEY is not set"));
    return new AimlApiSettings(config.speech().apiUrl(), key);
  }

  /** The speech stack for the command line: the operator's own, no quotas, nothing kept. */
  static TranscriptionStack stack(VoxConfig config) {
    return stack(config, SpendPolicy.UNLIMITED, UsageStore.inMemory());
  }

  private static TranscriptionStack stack(VoxConfig config, SpendPolicy spend, UsageStore usage) {
    return TranscriptionStack.start(
        apiSettings(config),
        new TranscriptionOptions(config.speech().model(), config.speech().language(), config.speech().params()),
        limits(config),
        new CachePolicy(config.cache().ttl(), config.cache().maxEntries()),
        PollPolicy.defaults(config.limits().jobTimeout()),
        spend, usage, Clock.systemUTC());
  }

  static SpendPolicy spendPolicy(VoxConfig config) {
    SpendConfig c = config.spend();
    return new SpendPolicy(Duration.ofMinutes(c.userMinutesPerDay()), Duration.ofMinutes(c.chatMinutesPerDay()),
        c.userJobsAtOnce(), c.userQueue(), c.dailyBudgetUsd(), c.pricePerMinuteUsd(),
        new Access(c.allowed(), c.blocked(), c.admins()));
  }

  /**
   * The bot's speech stack: quotas and access lists from the configuration, counted in the store,
   * with transcripts, jobs at the service and the estimator's learning kept there too.
   */
  static TranscriptionStack stack(VoxConfig config, Store store) {
    return TranscriptionStack.start(
        apiSettings(config),
        new TranscriptionOptions(config.speech().model(), config.speech().language(), config.speech().params()),
        limits(config),
        new CachePolicy(config.cache().ttl(), config.cache().maxEntries()),
        PollPolicy.defaults(config.limits().jobTimeout()), spendPolicy(config), store, Clock.systemUTC());
  }

  /**
   * The buttons' service (summaries, translations, subtitles), or empty when the operator switched
   * every button off and asked for no automatic summaries: then no chat model is ever called.
   */
  static Optional<TranscriptExtras> extras(VoxConfig config, ExtrasStore store, dev.voxscribe.core.spend.Spending spend) {
    ExtrasConfig e = config.extras();
    if (e.buttons().isEmpty() && e.autoSummaryAfter().isEmpty()) return Optional.empty();
    String key = config.speech().apiKey().orElseThrow(() -> new IllegalStateException("AIML_API_KEY is not set"));
    Set<Action> buttons = EnumSet.noneOf(Action.class);
    e.buttons().forEach(name -> Action.ofConfigName(name).ifPresent(buttons::add));
    ExtrasPolicy policy = new ExtrasPolicy(e.llmModel(), buttons, config.cache().ttl(), e.autoSummaryAfter(),
        Duration.ofSeconds(60));
    // Each press is checked against the limits, and each chat answer's reported cost counts
    // against the daily budget and the presser's quotas, like a transcription.
    return Optional.of(TranscriptExtras.start(new AimlApiSettings(config.speech().apiUrl(), key), policy, store, spend));
  }

  static TranscriptionLimits limits(VoxConfig config) {
    return new TranscriptionLimits(config.limits().maxFileBytes(), config.limits().maxAudio(),
        config.limits().maxConcurrentJobs(), config.limits().maxQueuedJobs());
  }
}
