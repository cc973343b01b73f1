package dev.voxscribe.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration once: environment variables over an optional YAML file (path in
 * {@code VOXSCRIBE_CONFIG}, else {@code voxscribe.yml} in the working directory when present).
 * The YAML file uses the same names as the environment (any case) plus {@code params:} for extra
 * service parameters. Every problem is collected and reported together.
 */
public final class ConfigLoader {
  public static final String CONFIG_FILE_VARIABLE = "VOXSCRIBE_CONFIG";
  public static final String DEFAULT_FILE = "voxscribe.yml";
  /** YAML key of the pass-through service parameters. */
  public static final String PARAMS_KEY = "params";

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern LANGUAGE = Pattern.compile("^(auto|[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*)$");
  /** A key written twice is an error (the default keeps the last one silently). */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^'\\s]{1,100})'");

  private final Map<String, String> values = new LinkedHashMap<>();
  /** Where each value in {@link #values} came from: "environment" or the file's path. */
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, Object> params = new LinkedHashMap<>();
  /** Names set to an empty value on purpose ({@code VOXSCRIBE_BUTTONS=} means "none", not "default"). */
  private final java.util.Set<String> setEmpty = new java.util.HashSet<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private ConfigLoader() {}

  /**
   * A loaded configuration with what was noticed on the way.
   *
   * @param config the configuration
   * @param warnings one line each, for the log: unknown project-like environment variables
   * @param effective every known variable with its value in force and where it came from, secrets masked
   */
  public record Loaded(VoxConfig config, List<String> warnings, List<Effective> effective) {
    public Loaded {
      warnings = List.copyOf(warnings);
      effective = List.copyOf(effective);
    }
  }

  /**
   * One variable as {@code voxscribe config} prints it.
   *
   * @param value the value in force ({@code ***} for a set secret), empty when unset
   * @param source {@code environment}, the YAML file's path, or {@code default}
   */
  public record Effective(Variable variable, Optional<String> value, String source) {}

  /** From the process environment and working directory. */
  public static VoxConfig load() {
    return load(System.getenv(), Path.of("").toAbsolutePath());
  }

  /**
   * @throws ConfigException naming every variable that is wrong and the form it expects
   */
  public static VoxConfig load(Map<String, String> env, Path workingDir) {
    return read(env, workingDir).config();
  }

  /**
   * Like {@link #load(Map, Path)}, with the warnings and the effective values.
   *
   * @throws ConfigException naming every variable that is wrong and the form it expects
   */
  public static Loaded read(Map<String, String> env, Path workingDir) {
    ConfigLoader loader = new ConfigLoader();
    loader.readFile(env, workingDir);
    env.forEach((k, v) -> {
      if (v == null) return;
      String key = k.toUpperCase(Locale.ROOT);
      if (v.isBlank()) {
        // A blank value is ignored, as ever (the file's value stays); without one in the file,
        // VOXSCRIBE_BUTTONS= means "no buttons", not "the default".
        if (!loader.values.containsKey(key)) loader.setEmpty.add(key);
        return;
      }
      if (Variable.named(key).isEmpty() && Variable.projectLike(key)) {
        loader.warnings.add("Unknown environment variable " + key + " is ignored" + Suggestions.didYouMean(key));
      }
      loader.values.put(key, v.strip());
      loader.sources.put(key, "environment");
      loader.setEmpty.remove(key);
    });
    VoxConfig config = loader.build();
    // A problem may quote what was given: secrets in it never get further than here.
    if (!loader.problems.isEmpty()) throw new ConfigException(Redaction.scrub(loader.problems, loader.values));
    return new Loaded(config, loader.warnings, loader.effective());
  }

  private List<Effective> effective() {
    List<Effective> out = new ArrayList<>();
    for (Variable v : Variable.values()) {
      Optional<String> set = optional(v.name());
      if (set.isPresent()) {
        // A non-secret value may still carry credentials (a password inside a URL).
        out.add(new Effective(v, Optional.of(v.secret() ? "***" : Redaction.credentials(set.get())),
            sources.getOrDefault(v.name(), "environment")));
      } else {
        out.add(new Effective(v, v.secret() ? Optional.empty() : v.defaultValue(), "default"));
      }
    }
    return out;
  }

  private void readFile(Map<String, String> env, Path workingDir) {
    String explicit = env.get(CONFIG_FILE_VARIABLE);
    Path file;
    if (explicit != null && !explicit.isBlank()) {
      file = workingDir.resolve(explicit.strip());
      if (!Files.isRegularFile(file)) {
        problems.add(CONFIG_FILE_VARIABLE + " names " + file + ", which is not a readable file");
        return;
      }
    } else {
      file = workingDir.resolve(DEFAULT_FILE);
      if (!Files.isRegularFile(file)) return;
    }
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      Matcher dup = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (dup.find()) {
        problems.add(file + ": " + dup.group(1) + " is set more than once" + YamlErrors.where(e) + "; keep one");
        return;
      }
      // Only where: the parser's message quotes the offending line, which may be a key or a token.
      problems.add(file + " is not valid YAML" + YamlErrors.where(e));
      return;
    } catch (IOException e) {
      problems.add(file + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return;
    }
    if (root == null || root.isNull() || root.isMissingNode()) return;
    if (!root.isObject()) {
      problems.add(file + " must be a mapping of setting names to values");
      return;
    }
    Map<String, String> written = new LinkedHashMap<>();
    root.properties().forEach(e -> {
      String key = Variable.canonical(e.getKey());
      String before = written.putIfAbsent(key, e.getKey());
      if (before != null) {
        // Any case and - or . for _: two spellings of one setting, and which one wins would be a guess.
        problems.add(file + ": " + e.getKey() + " is set more than once (also as " + before + "); keep one");
        return;
      }
      JsonNode v = e.getValue();
      boolean isParams = key.equals("PARAMS") || key.equals("VOXSCRIBE_PARAMS");
      Optional<Variable> known = Variable.named(key);
      if (!isParams && known.isEmpty()) {
        problems.add(file + ": unknown setting " + e.getKey() + Suggestions.didYouMean(key));
      } else if (known.isPresent() && known.get().environmentOnly()) {
        problems.add(file + ": " + e.getKey() + " can only be set in the environment (it names this file)");
      } else if (isParams) {
        if (!v.isObject()) {
          problems.add(file + ": " + e.getKey() + " must be a mapping of service parameters, e.g. smart_format: true");
        } else {
          params.putAll(YAML.convertValue(v, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
        }
      } else if (v.isValueNode() && !v.isNull()) {
        values.put(key, v.asText());
        sources.put(key, file.toString());
        if (v.asText().isBlank()) setEmpty.add(key);
      } else if (!v.isNull()) {
        problems.add(file + ": " + e.getKey() + " must be a single value, not a list or mapping");
      }
    });
  }

  private VoxConfig build() {
    SpeechConfig speech = new SpeechConfig(
        optional("AIML_API_KEY"),
        url("AIML_API_URL", "https://api.aimlapi.com"),
        optional("VOXSCRIBE_MODEL").orElse("#g1_whisper-large"),
        language("VOXSCRIBE_LANGUAGE"),
        params);
    LimitsConfig limits = new LimitsConfig(
        integer("VOXSCRIBE_MAX_FILE_MB", 20, 1, 2000, "a whole number of megabytes") * 1024L * 1024L,
        Duration.ofSeconds(integer("VOXSCRIBE_MAX_AUDIO_SECONDS", 1200, 1, 86_400, "a whole number of seconds")),
        duration("VOXSCRIBE_JOB_TIMEOUT", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofHours(1),
            " (the service keeps results one hour)"),
        integer("VOXSCRIBE_MAX_CONCURRENT_JOBS", 32, 1, 10_000, "a whole number of jobs"),
        integer("VOXSCRIBE_MAX_QUEUED_JOBS", 256, 0, 100_000, "a whole number of jobs"));
    CacheConfig cache = new CacheConfig(
        duration("VOXSCRIBE_CACHE_TTL", Duration.ofHours(24), Duration.ZERO, Duration.ofDays(365), ""),
        integer("VOXSCRIBE_CACHE_MAX_ENTRIES", 10_000, 0, 10_000_000, "a whole number of entries"));
    StorageConfig storage = new StorageConfig(path("VOXSCRIBE_DATA_DIR", "./data"), database(),
        duration("VOXSCRIBE_LEASE", StorageConfig.DEFAULT_LEASE, Duration.ofSeconds(3), Duration.ofMinutes(10), ""));
    TelegramConfig telegram = new TelegramConfig(
        optional("TELEGRAM_BOT_TOKEN"),
        url("TELEGRAM_API_URL", "https://api.telegram.org"),
        optional("TELEGRAM_WEBHOOK_URL").map(v -> webhookUrl(url("TELEGRAM_WEBHOOK_URL", v))),
        integer("TELEGRAM_WEBHOOK_PORT", 8443, 1, 65_535, "a TCP port number"),
        optional("TELEGRAM_WEBHOOK_SECRET").filter(s -> {
          if (s.matches("[A-Za-z0-9_-]{1,256}")) return true;
          problems.add("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
          return false;
        }),
        bool("TELEGRAM_GROUP_AUTO", true),
        ipAddress("TELEGRAM_WEBHOOK_BIND"),
        directory("TELEGRAM_LOCAL_FILES_DIR"));
    Optional<Integer> shards = optional("DISCORD_SHARDS")
        .map(v -> integer("DISCORD_SHARDS", 1, 1, 100_000, "a whole number of shards"));
    List<Integer> shardIds = shardIds(shards);
    DiscordConfig discord = new DiscordConfig(
        optional("DISCORD_BOT_TOKEN"),
        url("DISCORD_API_URL", "https://discord.com/api/v10/"),
        optional("DISCORD_GATEWAY_URL").map(v -> websocketUrl("DISCORD_GATEWAY_URL", v)),
        optional("DISCORD_DEV_GUILD_ID").filter(s -> {
          if (s.matches("\\d{1,20}")) return true;
          problems.add("DISCORD_DEV_GUILD_ID must be a server id (digits only), got '" + s + "'");
          return false;
        }),
        hostList("DISCORD_CDN_HOSTS"), shards, shardIds);
    Optional<Integer> metricsPort = optional("VOXSCRIBE_METRICS_PORT")
        .map(v -> integer("VOXSCRIBE_METRICS_PORT", 0, 1, 65_535, "a TCP port number"));
    SpendConfig spend = new SpendConfig(
        integer("VOXSCRIBE_USER_MINUTES_PER_DAY", 60, 0, 1_000_000, "a whole number of minutes (0: no limit)"),
        integer("VOXSCRIBE_CHAT_MINUTES_PER_DAY", 600, 0, 1_000_000, "a whole number of minutes (0: no limit)"),
        integer("VOXSCRIBE_USER_JOBS_AT_ONCE", 3, 0, 10_000, "a whole number of jobs (0: no limit)"),
        integer("VOXSCRIBE_USER_QUEUE", 20, 0, 100_000, "a whole number of jobs (0: no limit)"),
        usd("VOXSCRIBE_DAILY_BUDGET_USD").filter(b -> b.signum() > 0),
        usd("VOXSCRIBE_PRICE_PER_MINUTE_USD").orElse(SpendConfig.DEFAULT_PRICE_PER_MINUTE_USD),
        list("VOXSCRIBE_ALLOWED", LIST_ENTRY, "telegram:<chat or user id>, discord:guild:<id> or discord:user:<id>"),
        list("VOXSCRIBE_BLOCKED", LIST_ENTRY, "telegram:<chat or user id>, discord:guild:<id> or discord:user:<id>"),
        list("VOXSCRIBE_ADMINS", ADMIN_ENTRY, "telegram:<user id> or discord:<user id>"));
    OpsConfig ops = new OpsConfig(
        host("VOXSCRIBE_METRICS_BIND", "127.0.0.1"),
        duration("VOXSCRIBE_KEY_CHECK_INTERVAL", Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofDays(1), ""),
        decimal("VOXSCRIBE_LOW_BALANCE", 1.0, "a number (0 turns the warning off)"),
        optional("VOXSCRIBE_LOG_LEVEL").map(v -> choice("VOXSCRIBE_LOG_LEVEL", OpsConfig.LOG_LEVELS).toUpperCase(Locale.ROOT)),
        optional("VOXSCRIBE_LOG_FORMAT").map(v -> choice("VOXSCRIBE_LOG_FORMAT", OpsConfig.LOG_FORMATS))
            .map(v -> OpsConfig.LogFormat.valueOf(v.toUpperCase(Locale.ROOT))).orElse(OpsConfig.LogFormat.TEXT));
    DurabilityConfig durability = new DurabilityConfig(
        duration("VOXSCRIBE_SHUTDOWN_GRACE", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10), ""),
        duration("VOXSCRIBE_CATCH_UP", Duration.ofHours(1), Duration.ZERO, Duration.ofDays(14), ""));
    ExtrasConfig extras = new ExtrasConfig(
        llmModel("VOXSCRIBE_LLM_MODEL", "gpt-4o-mini"),
        buttons("VOXSCRIBE_BUTTONS"),
        optional("VOXSCRIBE_AUTO_SUMMARY_SECONDS").map(v ->
            Duration.ofSeconds(integer("VOXSCRIBE_AUTO_SUMMARY_SECONDS", 0, 1, 86_400, "a whole number of seconds"))));
    return new VoxConfig(speech, limits, cache, storage, telegram, discord, metricsPort, spend, ops, durability,
        extras);
  }

  /** {@code DISCORD_SHARD_IDS}: {@code 0-3}, {@code 0,2,5} or a mix, each below {@code DISCORD_SHARDS}. */
  private List<Integer> shardIds(Optional<Integer> total) {
    Optional<String> raw = optional("DISCORD_SHARD_IDS");
    if (raw.isEmpty()) return List.of();
    if (total.isEmpty()) {
      problems.add("DISCORD_SHARD_IDS needs DISCORD_SHARDS, the total every instance agrees on (for example 4)");
      return List.of();
    }
    java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
    for (String part : raw.get().split(",", -1)) {
      String p = part.strip();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})(?:-(\\d{1,6}))?").matcher(p);
      if (!m.matches()) {
        problems.add("DISCORD_SHARD_IDS must be shard numbers and ranges like 0-3 or 0,2,5, got '" + raw.get() + "'");
        return List.of();
      }
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      if (to < from || to >= total.get()) {
        problems.add("DISCORD_SHARD_IDS must name shards from 0 to " + (total.get() - 1) + " (DISCORD_SHARDS is "
            + total.get() + "), got '" + p + "'");
        return List.of();
      }
      for (int i = from; i <= to; i++) ids.add(i);
    }
    return List.copyOf(ids);
  }

  /** {@code VOXSCRIBE_DATABASE_URL} and its user and password; the URL must be PostgreSQL's. */
  private Optional<StorageConfig.Database> database() {
    Optional<String> user = optional("VOXSCRIBE_DATABASE_USER");
    Optional<String> password = optional("VOXSCRIBE_DATABASE_PASSWORD");
    Optional<String> url = optional("VOXSCRIBE_DATABASE_URL");
    if (url.isEmpty()) {
      if (user.isPresent() || password.isPresent()) {
        warnings.add("VOXSCRIBE_DATABASE_USER/PASSWORD are set but VOXSCRIBE_DATABASE_URL is not: the store stays in "
            + "SQLite under VOXSCRIBE_DATA_DIR");
      }
      return Optional.empty();
    }
    String u = url.get();
    // Only the scheme is quoted back: the rest may carry a password.
    if (!u.matches("jdbc:postgresql://[^/?#\\s]+/[^?#\\s]*(\\?\\S*)?")) {
      int colon = u.indexOf(':', u.indexOf(':') + 1);
      String scheme = colon > 0 ? u.substring(0, Math.min(colon, 40)) : "(no jdbc: scheme)";
      problems.add("VOXSCRIBE_DATABASE_URL must be a PostgreSQL JDBC URL like jdbc:postgresql://db:5432/voxscribe, got "
          + scheme + ":...");
      return Optional.empty();
    }
    String authority = u.substring("jdbc:postgresql://".length()).split("[/?#]", 2)[0];
    if (authority.contains("@")) {
      problems.add("VOXSCRIBE_DATABASE_URL must not carry user:password@ before the host (PostgreSQL's driver reads it"
          + " as a host name): put them in VOXSCRIBE_DATABASE_USER and VOXSCRIBE_DATABASE_PASSWORD");
      return Optional.empty();
    }
    return Optional.of(new StorageConfig.Database(u, user, password));
  }

  /** The value (in its canonical case from {@code allowed}), or a problem naming the allowed values. */
  private String choice(String name, List<String> allowed) {
    String raw = optional(name).orElse("");
    for (String a : allowed) {
      if (a.equalsIgnoreCase(raw)) return a;
    }
    problems.add(name + " must be one of " + String.join(", ", allowed) + ", got '" + raw + "'");
    return allowed.get(0);
  }

  private double decimal(String name, double fallback, String form) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return fallback;
    try {
      double v = Double.parseDouble(raw.get());
      if (v >= 0 && Double.isFinite(v)) return v;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(name + " must be " + form + ", zero or more, got '" + raw.get() + "'");
    return fallback;
  }

  /** An IP address or host name to listen on (never resolved here). */
  private String host(String name, String fallback) {
    String raw = optional(name).orElse(fallback);
    if (raw.matches("[A-Za-z0-9.:-]{1,253}|\\[[0-9A-Fa-f:.]+]")) return raw;
    problems.add(name + " must be an IP address or host name like 127.0.0.1 or 0.0.0.0, got '" + raw + "'");
    return fallback;
  }

  private static final Pattern LIST_ENTRY = Pattern.compile("^(telegram:-?\\d{1,20}|discord:(guild|user):\\d{1,20})$");
  private static final Pattern ADMIN_ENTRY = Pattern.compile("^(telegram|discord):\\d{1,20}$");
  private static final Pattern USD = Pattern.compile("^\\d{1,9}(\\.\\d{1,9})?$");

  /** An amount in USD such as {@code 5} or {@code 0.006}; 0 allowed. */
  private Optional<java.math.BigDecimal> usd(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return Optional.empty();
    if (USD.matcher(raw.get()).matches()) return Optional.of(new java.math.BigDecimal(raw.get()));
    problems.add(name + " must be an amount in USD like 5 or 0.006 (0: no limit), got '" + raw.get() + "'");
    return Optional.empty();
  }

  /** A comma-separated list; every entry must match {@code form}, described as {@code what}. */
  private java.util.Set<String> list(String name, Pattern form, String what) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return java.util.Set.of();
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String part : raw.get().split(",")) {
      String entry = part.strip().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) continue;
      if (!form.matcher(entry).matches()) {
        problems.add(name + " must be a comma-separated list of " + what + ", got '" + part.strip() + "'");
        return java.util.Set.of();
      }
      out.add(entry);
    }
    return out;
  }

  private String llmModel(String name, String fallback) {
    String raw = optional(name).orElse(fallback);
    if (raw.matches("[A-Za-z0-9._:/#-]{1,100}")) return raw;
    problems.add(name + " must be a chat model id like gpt-4o-mini or openai/gpt-4.1-nano-2025-04-14, got '" + raw + "'");
    return fallback;
  }

  /** A comma-separated subset of summary, translate, subtitles; empty or "none" for no buttons. */
  private List<String> buttons(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return setEmpty.contains(name) ? List.of() : ExtrasConfig.ALL_BUTTONS;
    if (raw.get().equalsIgnoreCase("none")) return List.of();
    java.util.Set<String> chosen = new java.util.HashSet<>();
    for (String part : raw.get().split(",")) {
      String b = part.strip().toLowerCase(Locale.ROOT);
      if (b.isEmpty()) continue;
      if (!ExtrasConfig.ALL_BUTTONS.contains(b)) {
        problems.add(name + " must be a comma-separated list of summary, translate and subtitles (or empty for none), got '"
            + raw.get() + "'");
        return List.of();
      }
      chosen.add(b);
    }
    return ExtrasConfig.ALL_BUTTONS.stream().filter(chosen::contains).toList();
  }

  private Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  private int integer(String name, int fallback, int min, int max, String form) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return fallback;
    try {
      int v = Integer.parseInt(raw.get());
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(name + " must be " + form + " from " + min + " to " + max + ", got '" + raw.get() + "'");
    return fallback;
  }

  private boolean bool(String name, boolean fallback) {
    Optional<String> raw = optional(name).map(s -> s.toLowerCase(Locale.ROOT));
    if (raw.isEmpty()) return fallback;
    switch (raw.get()) {
      case "true", "yes", "on", "1": return true;
      case "false", "no", "off", "0": return false;
      default:
        problems.add(name + " must be true or false, got '" + raw.get() + "'");
        return fallback;
    }
  }

  private URI url(String name, String fallback) {
    String raw = optional(name).orElse(fallback);
    try {
      URI uri = new URI(raw);
      if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    problems.add(name + " must be an http(s) URL like https://example.com, got '" + raw + "'");
    return INVALID_URL; // never used: the problem fails the load
  }

  /**
   * Telegram's own servers call only HTTPS on ports 443, 80, 88 and 8443; a local Bot API server
   * (any other {@code TELEGRAM_API_URL}) calls whatever it is given.
   */
  private URI webhookUrl(URI hook) {
    if (hook == INVALID_URL) return hook;
    URI api = url("TELEGRAM_API_URL", "https://api.telegram.org");
    if (api == INVALID_URL || !"api.telegram.org".equalsIgnoreCase(api.getHost())) return hook;
    int port = hook.getPort() == -1 ? 443 : hook.getPort();
    if ("https".equalsIgnoreCase(hook.getScheme()) && java.util.Set.of(443, 80, 88, 8443).contains(port)) return hook;
    problems.add("TELEGRAM_WEBHOOK_URL must be https:// on port 443, 80, 88 or 8443 (the only ones Telegram calls), got '"
        + hook + "'");
    return hook;
  }

  private static final URI INVALID_URL = URI.create("http://invalid.invalid");

  private URI websocketUrl(String name, String raw) {
    try {
      URI uri = new URI(raw);
      if (("ws".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    problems.add(name + " must be a WebSocket URL like wss://gateway.discord.gg, got '" + raw + "'");
    return URI.create("wss://invalid");
  }

  private Optional<String> language(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty() || raw.get().equalsIgnoreCase("auto")) return Optional.empty();
    if (LANGUAGE.matcher(raw.get()).matches()) return raw;
    problems.add(name + " must be a language code like en, de or pt-BR (or auto), got '" + raw.get() + "'");
    return Optional.empty();
  }

  private Path path(String name, String fallback) {
    String raw = optional(name).orElse(fallback);
    try {
      return Path.of(raw);
    } catch (RuntimeException e) {
      problems.add(name + " must be a directory path, got '" + raw + "'");
      return Path.of(fallback);
    }
  }

  /** An IP address literal: resolving a host name at start would make the bind depend on DNS. */
  private Optional<String> ipAddress(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return raw;
    String v = raw.get().startsWith("[") && raw.get().endsWith("]") ? raw.get().substring(1, raw.get().length() - 1) : raw.get();
    if (IPV4.matcher(v).matches()) return Optional.of(v);
    if (v.indexOf(':') >= 0 && IPV6.matcher(v).matches()) {
      try {
        // Hex digits, colons and dots only: a literal, so this parses and never asks DNS.
        java.net.InetAddress.getByName(v);
        return Optional.of(v);
      } catch (java.net.UnknownHostException e) {
        // reported below
      }
    }
    problems.add(name + " must be an IP address such as 0.0.0.0, 127.0.0.1 or ::1, got '" + raw.get() + "'");
    return Optional.empty();
  }

  private static final Pattern IPV4 =
      Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
  private static final Pattern HOST_PORT =
      Pattern.compile("^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?$");

  /** An existing directory, as its absolute path. */
  private Optional<Path> directory(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return Optional.empty();
    try {
      Path dir = Path.of(raw.get()).toAbsolutePath().normalize();
      if (Files.isDirectory(dir)) return Optional.of(dir);
    } catch (RuntimeException e) {
      // reported below
    }
    problems.add(name + " must be an existing directory, got '" + raw.get() + "'");
    return Optional.empty();
  }

  /** A comma-separated list of {@code host} or {@code host:port}, lower-cased. */
  private List<String> hostList(String name) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return List.of();
    List<String> hosts = new ArrayList<>();
    for (String part : raw.get().split(",")) {
      String host = part.strip().toLowerCase(Locale.ROOT);
      if (host.isEmpty()) continue;
      java.util.regex.Matcher m = HOST_PORT.matcher(host);
      int port = m.matches() && m.group(5) != null ? Integer.parseInt(m.group(5).substring(1)) : 1;
      if (!m.matches() || port < 1 || port > 65_535) {
        problems.add(name + " must be a comma-separated list of host or host:port (no scheme, no path), such as"
            + " cdn.example.com,127.0.0.1:8080, got '" + part.strip() + "'");
        return List.of();
      }
      hosts.add(host);
    }
    return List.copyOf(hosts);
  }

  private Duration duration(String name, Duration fallback, Duration min, Duration max, String why) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return fallback;
    Optional<Duration> parsed = parseDuration(raw.get());
    if (parsed.isPresent() && parsed.get().compareTo(min) >= 0 && parsed.get().compareTo(max) <= 0) return parsed.get();
    problems.add(name + " must be a duration like 90s, 10m, 24h or 1h30m, from " + human(min) + " to " + human(max)
        + why + ", got '" + raw.get() + "'");
    return fallback;
  }

  private static String human(Duration d) {
    if (d.isZero()) return "0s";
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) return d.toDays() + "d";
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) return d.toHours() + "h";
    if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) return d.toMinutes() + "m";
    return d.toSeconds() + "s";
  }

  /** {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}, a bare number of seconds, or ISO-8601 {@code PT10M}. */
  public static Optional<Duration> parseDuration(String raw) {
    try {
      return parseDurationOrThrow(raw);
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException tooLargeOrMalformed) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> parseDurationOrThrow(String raw) {
    String s = raw.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) return Optional.empty();
    if (s.matches("\\d+")) return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
    if (s.startsWith("p")) return Optional.of(Duration.parse(s.toUpperCase(Locale.ROOT)));
    Matcher m = DURATION_PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) return Optional.empty();
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    return end == s.length() && end > 0 ? Optional.of(total) : Optional.empty();
  }
}
