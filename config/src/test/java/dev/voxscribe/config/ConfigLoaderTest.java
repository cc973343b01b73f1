package dev.voxscribe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsMatchTheConfigTable() {
    VoxConfig c = ConfigLoader.load(Map.of(), dir);
    assertThat(c.speech().apiKey()).isEmpty();
    assertThat(c.speech().apiUrl()).isEqualTo(URI.create("https://api.aimlapi.com"));
    assertThat(c.speech().model()).isEqualTo("#g1_whisper-large");
    assertThat(c.speech().language()).isEmpty();
    assertThat(c.storage().dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.storage().database()).isEmpty();
    assertThat(c.storage().lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.limits().maxFileBytes()).isEqualTo(20L * 1024 * 1024);
    assertThat(c.limits().maxAudio()).isEqualTo(Duration.ofSeconds(1200));
    assertThat(c.limits().jobTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.limits().maxConcurrentJobs()).isEqualTo(32);
    assertThat(c.cache().ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(c.cache().maxEntries()).isEqualTo(10_000);
    assertThat(c.telegram().token()).isEmpty();
    assertThat(c.telegram().apiUrl()).isEqualTo(URI.create("https://api.telegram.org"));
    assertThat(c.telegram().groupAuto()).isTrue();
    assertThat(c.discord().apiUrl()).isEqualTo(URI.create("https://discord.com/api/v10/"));
    assertThat(c.discord().gatewayUrl()).isEmpty();
  }

  @Test
  void environmentOverridesTheYamlFileAndParamsPassThrough() throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), """
        AIML_API_KEY: from-file
        voxscribe_model: "#g1_nova-2-general"
        VOXSCRIBE_LANGUAGE: de
        VOXSCRIBE_CACHE_TTL: 2h
        params:
          smart_format: true
          diarize: true
          keywords: [VoxScribe, Telegram]
        """);
    VoxConfig c = ConfigLoader.load(Map.of("AIML_API_KEY", "from-env", "VOXSCRIBE_JOB_TIMEOUT", "90s"), dir);
    assertThat(c.speech().apiKey()).contains("from-env");
    assertThat(c.speech().model()).isEqualTo("#g1_nova-2-general");
    assertThat(c.speech().language()).contains("de");
    assertThat(c.cache().ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(c.limits().jobTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.speech().params()).containsEntry("smart_format", true).containsEntry("diarize", true)
        .containsKey("keywords");
  }

  @Test
  void voxscribeConfigNamesTheFile() throws Exception {
    Files.writeString(dir.resolve("other.yaml"), "TELEGRAM_BOT_TOKEN: 123:abc\nTELEGRAM_GROUP_AUTO: off\n");
    VoxConfig c = ConfigLoader.load(Map.of("VOXSCRIBE_CONFIG", "other.yaml"), dir);
    assertThat(c.telegram().token()).contains("123:abc");
    assertThat(c.telegram().groupAuto()).isFalse();
    assertThat(c.telegram().toString()).doesNotContain("123:abc");
    assertThat(c.secrets()).containsExactly("123:abc");
  }

  @Test
  void everyBadValueIsNamedWithItsExpectedForm() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(
            "VOXSCRIBE_MAX_FILE_MB", "lots",
            "VOXSCRIBE_JOB_TIMEOUT", "soon",
            "AIML_API_URL", "ftp://x",
            "VOXSCRIBE_LANGUAGE", "english please",
            "DISCORD_GATEWAY_URL", "http://not-a-websocket",
            "VOXSCRIBE_CONFIG", "missing.yml"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("VOXSCRIBE_MAX_FILE_MB must be a whole number of megabytes").contains("'lots'"),
            p -> assertThat(p).startsWith("VOXSCRIBE_JOB_TIMEOUT must be a duration like").contains("'soon'"),
            p -> assertThat(p).startsWith("AIML_API_URL must be an http(s) URL"),
            p -> assertThat(p).startsWith("VOXSCRIBE_LANGUAGE must be a language code"),
            p -> assertThat(p).startsWith("DISCORD_GATEWAY_URL must be a WebSocket URL"),
            p -> assertThat(p).startsWith("VOXSCRIBE_CONFIG names").contains("missing.yml")));
  }

  @Test
  void aWebhookTelegramCannotCallIsRefusedAtStartNotAtSetWebhook() {
    // Telegram's servers call only HTTPS on ports 443, 80, 88 and 8443 (Bot API, setWebhook).
    for (String bad : new String[] {"http://bot.example.com/tg", "https://bot.example.com:9443/tg"}) {
      assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_URL", bad), dir))
          .as(bad).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
              .asString().startsWith("TELEGRAM_WEBHOOK_URL must be https:// on port 443, 80, 88 or 8443"));
    }
    assertThat(ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_URL", "https://bot.example.com:8443/tg"), dir)
        .telegram().webhookUrl()).isPresent();
    // A local Bot API server (telegram-bot-api --local) calls any URL and port.
    assertThat(ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_URL", "http://10.0.0.5:9000/tg",
        "TELEGRAM_API_URL", "http://127.0.0.1:8081"), dir).telegram().webhookUrl()).isPresent();
  }

  @Test
  void outOfRangeAndOverflowingValuesAreProblemsNotCrashes() {
    for (String bad : new String[] {"0", "0s", "2h", "99999999999999999999s", "200000000000000d", "PT999999999999999999H"}) {
      assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_JOB_TIMEOUT", bad), dir))
          .as(bad).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
              .asString().startsWith("VOXSCRIBE_JOB_TIMEOUT must be a duration").contains("from 1s to 1h"));
    }
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_URL", "https://my host/x"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("TELEGRAM_WEBHOOK_URL must be an http(s) URL"));
    assertThat(ConfigLoader.load(Map.of("VOXSCRIBE_CACHE_TTL", "0"), dir).cache().ttl()).isZero();
  }

  @Test
  void brokenYamlIsReportedWithTheFileName() throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), "AIML_API_KEY: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("voxscribe.yml is not valid YAML");
  }

  @Test
  void durationsInEveryDocumentedForm() {
    assertThat(ConfigLoader.parseDuration("500ms")).contains(Duration.ofMillis(500));
    assertThat(ConfigLoader.parseDuration("10m")).contains(Duration.ofMinutes(10));
    assertThat(ConfigLoader.parseDuration("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(ConfigLoader.parseDuration("2d")).contains(Duration.ofDays(2));
    assertThat(ConfigLoader.parseDuration("45")).contains(Duration.ofSeconds(45));
    assertThat(ConfigLoader.parseDuration("PT10M")).contains(Duration.ofMinutes(10));
    assertThat(ConfigLoader.parseDuration("10 minutes")).isEqualTo(Optional.empty());
    assertThat(ConfigLoader.parseDuration("m10")).isEmpty();
  }

  @Test
  void hostileInputSettings() throws Exception {
    VoxConfig defaults = ConfigLoader.load(Map.of(), dir);
    assertThat(defaults.telegram().webhookBind()).isEmpty();
    assertThat(defaults.telegram().localFilesDir()).isEmpty();
    assertThat(defaults.discord().cdnHosts()).isEmpty();

    Path local = Files.createDirectory(dir.resolve("bot-api"));
    VoxConfig c = ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_BIND", "127.0.0.1",
        "TELEGRAM_LOCAL_FILES_DIR", local.toString(),
        "DISCORD_CDN_HOSTS", " cdn.Example.com, 127.0.0.1:8080 ,[::1]:9000"), dir);
    assertThat(c.telegram().webhookBind()).contains("127.0.0.1");
    assertThat(c.telegram().localFilesDir()).contains(local.toAbsolutePath());
    assertThat(c.discord().cdnHosts()).containsExactly("cdn.example.com", "127.0.0.1:8080", "[::1]:9000");
    assertThat(ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_BIND", "[::1]"), dir).telegram().webhookBind()).contains("::1");
    assertThat(ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_BIND", "::"), dir).telegram().webhookBind()).contains("::");

    assertThatThrownBy(() -> ConfigLoader.load(Map.of(
            "TELEGRAM_WEBHOOK_BIND", "bot.example.com",
            "TELEGRAM_LOCAL_FILES_DIR", dir.resolve("missing").toString(),
            "DISCORD_CDN_HOSTS", "cdn.example.com,https://evil.example/x"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("TELEGRAM_WEBHOOK_BIND must be an IP address").contains("'bot.example.com'"),
            p -> assertThat(p).startsWith("TELEGRAM_LOCAL_FILES_DIR must be an existing directory"),
            p -> assertThat(p).startsWith("DISCORD_CDN_HOSTS must be a comma-separated list of host or host:port")
                .contains("'https://evil.example/x'")));
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_BIND", "1:2:3:zz"), dir))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("TELEGRAM_WEBHOOK_BIND must be an IP address");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_BIND", "256.1.1.1"), dir))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("TELEGRAM_WEBHOOK_BIND must be an IP address");
  }

  @Test
  void spendingDefaultsAndValues() {
    SpendConfig d = ConfigLoader.load(Map.of(), dir).spend();
    assertThat(d.userMinutesPerDay()).isEqualTo(60);
    assertThat(d.chatMinutesPerDay()).isEqualTo(600);
    assertThat(d.userJobsAtOnce()).isEqualTo(3);
    assertThat(d.userQueue()).isEqualTo(20);
    assertThat(d.dailyBudgetUsd()).isEmpty();
    assertThat(d.pricePerMinuteUsd()).isEqualByComparingTo("0.02");
    assertThat(d.allowed()).isEmpty();
    assertThat(d.admins()).isEmpty();

    SpendConfig c = ConfigLoader.load(Map.of(
        "VOXSCRIBE_USER_MINUTES_PER_DAY", "0", "VOXSCRIBE_CHAT_MINUTES_PER_DAY", "90",
        "VOXSCRIBE_USER_JOBS_AT_ONCE", "1", "VOXSCRIBE_USER_QUEUE", "0",
        "VOXSCRIBE_DAILY_BUDGET_USD", "2.50", "VOXSCRIBE_PRICE_PER_MINUTE_USD", "0.006",
        "VOXSCRIBE_ALLOWED", "telegram:-1001234, discord:guild:42,Discord:User:7",
        "VOXSCRIBE_BLOCKED", "telegram:99", "VOXSCRIBE_ADMINS", "telegram:1,discord:2"), dir).spend();
    assertThat(c.userMinutesPerDay()).isZero();
    assertThat(c.chatMinutesPerDay()).isEqualTo(90);
    assertThat(c.userQueue()).isZero();
    assertThat(c.dailyBudgetUsd()).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("2.5"));
    assertThat(c.pricePerMinuteUsd()).isEqualByComparingTo("0.006");
    assertThat(c.allowed()).containsExactlyInAnyOrder("telegram:-1001234", "discord:guild:42", "discord:user:7");
    assertThat(c.blocked()).containsExactly("telegram:99");
    assertThat(c.admins()).containsExactlyInAnyOrder("telegram:1", "discord:2");
    assertThat(ConfigLoader.load(Map.of("VOXSCRIBE_DAILY_BUDGET_USD", "0"), dir).spend().dailyBudgetUsd()).isEmpty();
  }

  @Test
  void aMalformedSpendingValueIsOneLineNamingTheVariableAndTheForm() {
    Map<String, String> bad = Map.of(
        "VOXSCRIBE_USER_MINUTES_PER_DAY", "-1",
        "VOXSCRIBE_USER_QUEUE", "many",
        "VOXSCRIBE_DAILY_BUDGET_USD", "$5",
        "VOXSCRIBE_ALLOWED", "telegram:123,slack:9",
        "VOXSCRIBE_ADMINS", "discord:user:5");
    assertThatThrownBy(() -> ConfigLoader.load(bad, dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("VOXSCRIBE_USER_MINUTES_PER_DAY must be a whole number of minutes").contains("'-1'"),
            p -> assertThat(p).startsWith("VOXSCRIBE_USER_QUEUE must be a whole number of jobs").contains("'many'"),
            p -> assertThat(p).startsWith("VOXSCRIBE_DAILY_BUDGET_USD must be an amount in USD").contains("'$5'"),
            p -> assertThat(p).startsWith("VOXSCRIBE_ALLOWED must be a comma-separated list of telegram:").contains("'slack:9'"),
            p -> assertThat(p).startsWith("VOXSCRIBE_ADMINS must be a comma-separated list of telegram:<user id>")));
  }

  @Test
  void aDatabaseUrlPutsTheStoreOnPostgresAndThePasswordIsNeverShown() {
    ConfigLoader.Loaded loaded = ConfigLoader.read(Map.of("VOXSCRIBE_DATABASE_URL", "jdbc:postgresql://db:5432/voxscribe",
        "VOXSCRIBE_DATABASE_USER", "bot", "VOXSCRIBE_DATABASE_PASSWORD", "pg-s3cret"), dir);
    assertThat(loaded.config().storage().database()).hasValueSatisfying(d -> {
      assertThat(d.url()).isEqualTo("jdbc:postgresql://db:5432/voxscribe");
      assertThat(d.user()).contains("bot");
      assertThat(d.password()).contains("pg-s3cret");
      assertThat(d.toString()).doesNotContain("pg-s3cret");
    });
    assertThat(loaded.config().toString()).doesNotContain("pg-s3cret");
    assertThat(loaded.effective()).filteredOn(e -> e.variable() == Variable.VOXSCRIBE_DATABASE_PASSWORD)
        .singleElement().satisfies(e -> assertThat(e.value()).contains("***"));
  }

  @Test
  void aDatabaseUrlThatIsNotPostgresIsOneProblemThatQuotesOnlyItsScheme() {
    for (String bad : new String[] {"jdbc:mysql://db/vox?password=hunter2", "postgres://u:hunter2@db/vox", "db:5432"}) {
      assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_DATABASE_URL", bad), dir))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
              .satisfies(p -> assertThat(p).startsWith("VOXSCRIBE_DATABASE_URL must be a PostgreSQL JDBC URL like "
                  + "jdbc:postgresql://db:5432/voxscribe").doesNotContain("hunter2")));
    }
  }

  @Test
  void credentialsBeforeTheHostAreRefusedForTheDriverReadsThemAsAHost() {
    // pgjdbc takes "admin:hunter2@db" for a host and fails with "The connection attempt failed."
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_DATABASE_URL", "jdbc:postgresql://admin:hunter2@db:5432/vox"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p).contains("VOXSCRIBE_DATABASE_URL", "VOXSCRIBE_DATABASE_USER",
                "VOXSCRIBE_DATABASE_PASSWORD").doesNotContain("hunter2").doesNotContain("admin")));
  }

  @Test
  void aUserWithoutAUrlIsAWarningAndTheStoreStaysInSqlite() {
    ConfigLoader.Loaded loaded = ConfigLoader.read(Map.of("VOXSCRIBE_DATABASE_USER", "bot"), dir);
    assertThat(loaded.config().storage().database()).isEmpty();
    assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).contains("VOXSCRIBE_DATABASE_URL is not"));
  }

  @Test
  void shutdownGraceAndCatchUpHaveDefaultsAndAreChecked() {
    VoxConfig defaults = ConfigLoader.load(Map.of(), dir);
    assertThat(defaults.durability().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.durability().catchUp()).isEqualTo(Duration.ofHours(1));
    VoxConfig set = ConfigLoader.load(Map.of("VOXSCRIBE_SHUTDOWN_GRACE", "30s", "VOXSCRIBE_CATCH_UP", "0"), dir);
    assertThat(set.durability().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(set.durability().catchUp()).isZero();
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_SHUTDOWN_GRACE", "soon", "VOXSCRIBE_CATCH_UP", "30d"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactly(
            p -> assertThat(p).startsWith("VOXSCRIBE_SHUTDOWN_GRACE must be a duration").contains("from 0s to 10m"),
            p -> assertThat(p).startsWith("VOXSCRIBE_CATCH_UP must be a duration").contains("from 0s to 14d")));
  }

  @Test
  void shardsAreATotalAndThisInstancesRanges() {
    DiscordConfig d = ConfigLoader.load(Map.of("DISCORD_SHARDS", "8", "DISCORD_SHARD_IDS", "4-5, 7,0"), dir).discord();
    assertThat(d.shards()).contains(8);
    assertThat(d.shardIds()).containsExactly(0, 4, 5, 7);
    DiscordConfig defaults = ConfigLoader.load(Map.of(), dir).discord();
    assertThat(defaults.shards()).isEmpty();
    assertThat(defaults.shardIds()).isEmpty();
  }

  @Test
  void badShardSettingsAreOneProblemEach() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("DISCORD_SHARD_IDS", "0-3"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "DISCORD_SHARD_IDS needs DISCORD_SHARDS, the total every instance agrees on (for example 4)"));
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("DISCORD_SHARDS", "4", "DISCORD_SHARD_IDS", "2-4"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "DISCORD_SHARD_IDS must name shards from 0 to 3 (DISCORD_SHARDS is 4), got '2-4'"));
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("DISCORD_SHARDS", "4", "DISCORD_SHARD_IDS", "first"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .startsWith("DISCORD_SHARD_IDS must be shard numbers and ranges like 0-3"));
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("DISCORD_SHARDS", "0"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .startsWith("DISCORD_SHARDS must be a whole number of shards"));
  }
}
