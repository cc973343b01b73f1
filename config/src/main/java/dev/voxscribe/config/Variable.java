package dev.voxscribe.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration variable VoxScribe knows: the one registry that strict checking (unknown
 * names are errors in the YAML file and warnings in the environment), {@code voxscribe config} and
 * {@code docs/voxscribe.example.yml} are built from.
 *
 * <p><b>Adding a variable</b> is one line here ({@code NAME("default", "one-line meaning")}, with
 * {@code "" } for "unset"), plus reading it in {@link ConfigLoader}, a line in the README's table and
 * one in {@code docs/voxscribe.example.yml} ({@code ExampleFileTest} fails until the file lists it).
 */
public enum Variable {
  AIML_API_KEY("", "AI/ML API key (Authorization: Bearer); required to transcribe. Never logged.", Flag.SECRET),
  AIML_API_URL("https://api.aimlapi.com", "Speech service base URL (a trailing /v1 is tolerated)."),
  VOXSCRIBE_MODEL("#g1_whisper-large", "Model id, e.g. #g1_nova-2-general, nova-3, aai/universal."),
  VOXSCRIBE_LANGUAGE("", "Default language (en, de, pt-BR, ... or auto); unset: the service detects."),
  VOXSCRIBE_DATA_DIR("./data", "Directory of the embedded store (chat settings, updates, jobs, transcripts); back it up."),
  VOXSCRIBE_DATABASE_URL("", "PostgreSQL for the whole store (jdbc:postgresql://host:5432/db), shared by instances; unset: SQLite."),
  VOXSCRIBE_DATABASE_USER("", "PostgreSQL user; unset: the URL's or the driver's default."),
  VOXSCRIBE_DATABASE_PASSWORD("", "PostgreSQL password. Never logged.", Flag.SECRET),
  VOXSCRIBE_LEASE("30s", "Instances on one database: a dead instance's jobs and roles (Telegram's long poll) pass on within this."),
  VOXSCRIBE_MAX_FILE_MB("20", "Larger files are refused before download and upload."),
  VOXSCRIBE_MAX_AUDIO_SECONDS("1200", "Longer audio is refused before download, when the platform announces the length."),
  VOXSCRIBE_JOB_TIMEOUT("10m", "Give up on a job after this long (90s, 10m, PT10M; 1s to 1h)."),
  VOXSCRIBE_MAX_CONCURRENT_JOBS("32", "Jobs running against the service at once."),
  VOXSCRIBE_MAX_QUEUED_JOBS("256", "Jobs waiting for a slot; past this, new requests are told to try again."),
  VOXSCRIBE_CACHE_TTL("24h", "How long a finished transcript is reused, across restarts (kept in the store)."),
  VOXSCRIBE_CACHE_MAX_ENTRIES("10000", "How many finished transcripts the in-memory layer in front of the store holds."),
  VOXSCRIBE_SHUTDOWN_GRACE("10s", "On SIGTERM, how long jobs in flight may take before the rest waits in the store (0s to 10m)."),
  VOXSCRIBE_CATCH_UP("1h", "Discord: how far back voice messages posted while the bot was away are transcribed (0s: off, up to 14d)."),
  VOXSCRIBE_USER_MINUTES_PER_DAY("60", "Audio minutes one person may have transcribed per day (UTC); 0: no limit."),
  VOXSCRIBE_CHAT_MINUTES_PER_DAY("600", "Audio minutes per group, channel or server per day (UTC); 0: no limit."),
  VOXSCRIBE_USER_JOBS_AT_ONCE("3", "Jobs of one person running at once; 0: no limit of its own."),
  VOXSCRIBE_USER_QUEUE("20", "Jobs one person may have waiting; 0: no limit of its own."),
  VOXSCRIBE_DAILY_BUDGET_USD("", "Spend of the whole bot per day (UTC) in USD; unset or 0: no cap."),
  VOXSCRIBE_PRICE_PER_MINUTE_USD("0.02", "Estimated cost per audio minute when the service reports none."),
  VOXSCRIBE_ALLOWED("", "Only these get transcriptions: telegram:<id>, discord:guild:<id>, discord:user:<id>."),
  VOXSCRIBE_BLOCKED("", "Never transcribed for: the same form as VOXSCRIBE_ALLOWED."),
  VOXSCRIBE_ADMINS("", "Operators, exempt from quotas and lists: telegram:<user id>, discord:<user id>."),
  VOXSCRIBE_BUTTONS("summary,translate,subtitles", "Buttons under each transcript (comma-separated); empty or none: no buttons, no chat-model spend."),
  VOXSCRIBE_LLM_MODEL("gpt-4o-mini", "AI/ML API chat model for summaries and translations (POST /v1/chat/completions)."),
  VOXSCRIBE_AUTO_SUMMARY_SECONDS("", "Voice notes longer than this many seconds (1 to 86400) get their summary above the transcript; unset: never."),
  VOXSCRIBE_METRICS_PORT("", "Serve /metrics, /healthz and /readyz on this port; unset: off."),
  VOXSCRIBE_METRICS_BIND("127.0.0.1", "Address the metrics port listens on (0.0.0.0 for every interface)."),
  VOXSCRIBE_KEY_CHECK_INTERVAL("5m", "How often the API key and balance are checked (GET /v2/billing, free)."),
  VOXSCRIBE_LOW_BALANCE("1", "A balance below this (in the account's currency) is one WARN line."),
  VOXSCRIBE_LOG_LEVEL("INFO", "Root log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF (ERROR for transcribe)."),
  VOXSCRIBE_LOG_FORMAT("text", "Log format: text (one line per event) or json (one object per line)."),
  VOXSCRIBE_CONFIG("voxscribe.yml", "Path of the YAML file (environment only).", Flag.ENVIRONMENT_ONLY),
  TELEGRAM_BOT_TOKEN("", "Starts the Telegram bot when set. Never logged.", Flag.SECRET),
  TELEGRAM_API_URL("https://api.telegram.org", "Bot API server (scheme://host[:port]) for every call and download."),
  TELEGRAM_WEBHOOK_URL("", "Public HTTPS URL; setting it switches the bot to webhook mode."),
  TELEGRAM_WEBHOOK_PORT("8443", "Local port of the webhook endpoint (plain HTTP, behind a TLS proxy)."),
  TELEGRAM_WEBHOOK_SECRET("", "Secret Telegram sends with every webhook call; unset: random per start.", Flag.SECRET),
  TELEGRAM_GROUP_AUTO("true", "Whether groups auto-transcribe voice and video notes by default."),
  TELEGRAM_WEBHOOK_BIND("", "IP address the webhook server listens on; unset: every interface."),
  TELEGRAM_LOCAL_FILES_DIR("", "Working directory of a local telegram-bot-api server, for files it names by path."),
  DISCORD_BOT_TOKEN("", "Starts the Discord bot when set. Never logged.", Flag.SECRET),
  DISCORD_API_URL("https://discord.com/api/v10/", "REST base URL (for a REST proxy)."),
  DISCORD_GATEWAY_URL("", "Gateway WebSocket URL; unset: the gateway Discord announces."),
  DISCORD_DEV_GUILD_ID("", "Also register the commands to this server at once, for fast iteration."),
  DISCORD_CDN_HOSTS("", "Further attachment hosts (host or host:port, comma-separated) besides Discord's CDN."),
  DISCORD_SHARDS("", "Total gateway shards of the bot, the same on every instance; unset: Discord's recommendation."),
  DISCORD_SHARD_IDS("", "This instance's shards (0-3, or 0,2,5); needs DISCORD_SHARDS; unset: all of them.");

  /** How a variable is treated beyond its value. */
  public enum Flag {
    /** Never printed: masked in {@code voxscribe config} and registered for log masking. */
    SECRET,
    /** Names the YAML file, so it cannot be set inside it. */
    ENVIRONMENT_ONLY
  }

  /** Prefixes of the project's variables: an unknown name with one of these is likely a typo. */
  public static final java.util.List<String> PREFIXES = java.util.List.of("VOXSCRIBE_", "TELEGRAM_", "DISCORD_", "AIML_");

  private final String defaultValue;
  private final String meaning;
  private final java.util.Set<Flag> flags;

  Variable(String defaultValue, String meaning, Flag... flags) {
    this.defaultValue = defaultValue;
    this.meaning = meaning;
    this.flags = flags.length == 0 ? java.util.EnumSet.noneOf(Flag.class) : java.util.EnumSet.copyOf(Arrays.asList(flags));
  }

  /** The default as written in the file or environment; empty when unset by default. */
  public Optional<String> defaultValue() {
    return defaultValue.isEmpty() ? Optional.empty() : Optional.of(defaultValue);
  }

  /** One line on what the variable does. */
  public String meaning() {
    return meaning;
  }

  public boolean secret() {
    return flags.contains(Flag.SECRET);
  }

  public boolean environmentOnly() {
    return flags.contains(Flag.ENVIRONMENT_ONLY);
  }

  /** The variable with this name (any case, {@code -} or {@code .} for {@code _}), if known. */
  public static Optional<Variable> named(String name) {
    String key = canonical(name);
    for (Variable v : values()) {
      if (v.name().equals(key)) return Optional.of(v);
    }
    return Optional.empty();
  }

  /** How names are compared: upper case, {@code -} and {@code .} as {@code _}. */
  static String canonical(String name) {
    return name.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /** Whether an environment name looks like one of the project's (so an unknown one is worth a warning). */
  static boolean projectLike(String name) {
    String key = canonical(name);
    return PREFIXES.stream().anyMatch(key::startsWith);
  }
}
