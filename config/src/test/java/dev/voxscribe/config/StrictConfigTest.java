package dev.voxscribe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typos are named with the closest known name; every variable can be set in the file too. */
class StrictConfigTest {
  @TempDir Path dir;

  private ConfigException failing(String yaml, Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), yaml);
    try {
      ConfigLoader.load(env, dir);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("the configuration loaded");
  }

  @Test
  void unknownYamlKeyIsAnErrorWithTheClosestName() throws Exception {
    ConfigException e = failing("VOXSCRIBE_MODLE: nova-3\n", Map.of());
    assertThat(e.problems()).singleElement().asString()
        .contains("unknown setting VOXSCRIBE_MODLE").contains("did you mean VOXSCRIBE_MODEL?");
  }

  @Test
  void aSettingWrittenTwiceInTheFileIsAnErrorNotTheLastOneSilently() throws Exception {
    // Names compare in any case and with - or . for _, so these are one setting with two values.
    ConfigException e = failing("VOXSCRIBE_MAX_FILE_MB: 20\nvoxscribe-max-file-mb: 30\n", Map.of());
    assertThat(e.problems()).singleElement().asString()
        .contains("voxscribe-max-file-mb").contains("VOXSCRIBE_MAX_FILE_MB").contains("more than once");
    ConfigException exact = failing("VOXSCRIBE_MODEL: nova-3\nVOXSCRIBE_MODEL: nova-2\n", Map.of());
    assertThat(exact.problems()).singleElement().asString().contains("VOXSCRIBE_MODEL").contains("more than once")
        .doesNotContain("nova-");
  }

  @Test
  void misspeltKeyIsReportedInsteadOfTheMissingOne() throws Exception {
    ConfigException e = failing("AIML_API_KYE: sk-abc\n", Map.of());
    assertThat(e.problems()).singleElement().asString().contains("did you mean AIML_API_KEY?");
  }

  @Test
  void paramzSuggestsParams() throws Exception {
    ConfigException e = failing("paramz:\n  smart_format: true\n", Map.of());
    assertThat(e.problems()).singleElement().asString()
        .contains("unknown setting paramz").contains("did you mean params?").doesNotContain("single value");
  }

  @Test
  void aWordThatIsNoTypoGetsNoSuggestion() throws Exception {
    ConfigException e = failing("colour: blue\n", Map.of());
    assertThat(e.problems()).singleElement().asString().contains("unknown setting colour").doesNotContain("did you mean");
  }

  @Test
  void unknownProjectEnvironmentVariableIsOneWarning() {
    ConfigLoader.Loaded loaded = ConfigLoader.read(
        Map.of("VOXSCRIBE_MODLE", "nova-3", "TELEGRAM_BOT_TOKN", "1:x", "PATH", "/bin", "HOME", "/root"), dir);
    assertThat(loaded.warnings()).containsExactlyInAnyOrder(
        "Unknown environment variable VOXSCRIBE_MODLE is ignored (did you mean VOXSCRIBE_MODEL?)",
        "Unknown environment variable TELEGRAM_BOT_TOKN is ignored (did you mean TELEGRAM_BOT_TOKEN?)");
    assertThat(loaded.config().speech().model()).isEqualTo("#g1_whisper-large");
  }

  @Test
  void logLevelIsAnEnumerationAndSettableInTheFile() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_LOG_LEVEL", "LOUD"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "VOXSCRIBE_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got 'LOUD'"));
    Files.writeString(dir.resolve("voxscribe.yml"), "voxscribe_log_level: debug\nVOXSCRIBE_LOG_FORMAT: JSON\n");
    VoxConfig c = ConfigLoader.load(Map.of(), dir);
    assertThat(c.ops().logLevel()).contains("DEBUG");
    assertThat(c.ops().logFormat()).isEqualTo(OpsConfig.LogFormat.JSON);
  }

  @Test
  void logFormatIsTextOrJson() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_LOG_FORMAT", "xml"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "VOXSCRIBE_LOG_FORMAT must be one of text, json, got 'xml'"));
  }

  @Test
  void everyVariableButTheFilesOwnNameIsSettableInTheFile() throws Exception {
    StringBuilder yaml = new StringBuilder();
    for (Variable v : Variable.values()) {
      if (v.environmentOnly()) continue;
      yaml.append(v.name()).append(": ").append(sample(v)).append('\n');
    }
    Files.writeString(dir.resolve("voxscribe.yml"), yaml.toString());
    ConfigLoader.Loaded loaded = ConfigLoader.read(Map.of(), dir);
    for (ConfigLoader.Effective e : loaded.effective()) {
      if (e.variable().environmentOnly()) continue;
      assertThat(e.source()).as(e.variable().name()).endsWith("voxscribe.yml");
    }
    VoxConfig c = loaded.config();
    assertThat(c.ops().metricsBind()).isEqualTo("0.0.0.0");
    assertThat(c.ops().keyCheckInterval()).isEqualTo(Duration.ofMinutes(7));
    assertThat(c.ops().lowBalance()).isEqualTo(2.5);
    assertThat(c.metricsPort()).contains(9100);
    assertThat(c.discord().devGuildId()).contains("1234");
  }

  @Test
  void theFileCannotNameItself() throws Exception {
    ConfigException e = failing("VOXSCRIBE_CONFIG: other.yml\n", Map.of());
    assertThat(e.problems()).singleElement().asString().contains("can only be set in the environment");
  }

  @Test
  void effectiveValuesMaskSecretsAndNameTheirSource() throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_MODEL: nova-3\n");
    ConfigLoader.Loaded loaded = ConfigLoader.read(Map.of("AIML_API_KEY", "sk-very-secret-key"), dir);
    Map<Variable, ConfigLoader.Effective> byName = new java.util.EnumMap<>(Variable.class);
    loaded.effective().forEach(e -> byName.put(e.variable(), e));
    assertThat(byName.get(Variable.AIML_API_KEY).value()).contains("***");
    assertThat(byName.get(Variable.AIML_API_KEY).source()).isEqualTo("environment");
    assertThat(byName.get(Variable.VOXSCRIBE_MODEL).value()).contains("nova-3");
    assertThat(byName.get(Variable.VOXSCRIBE_CACHE_TTL).value()).contains("24h");
    assertThat(byName.get(Variable.VOXSCRIBE_CACHE_TTL).source()).isEqualTo("default");
    assertThat(loaded.effective().toString()).doesNotContain("sk-very-secret-key");
  }

  private static String sample(Variable v) {
    return switch (v) {
      case AIML_API_KEY -> "sk-abcdef";
      case VOXSCRIBE_METRICS_PORT -> "9100";
      case VOXSCRIBE_METRICS_BIND -> "0.0.0.0";
      case VOXSCRIBE_KEY_CHECK_INTERVAL -> "7m";
      case VOXSCRIBE_LOW_BALANCE -> "2.5";
      case VOXSCRIBE_LANGUAGE -> "de";
      case TELEGRAM_BOT_TOKEN -> "1:abc";
      case TELEGRAM_WEBHOOK_URL -> "https://bot.example.com/tg";
      case TELEGRAM_WEBHOOK_SECRET -> "s3cret";
      case DISCORD_BOT_TOKEN -> "discord-token";
      case DISCORD_GATEWAY_URL -> "wss://gateway.example.com";
      case DISCORD_DEV_GUILD_ID -> "1234";
      case TELEGRAM_WEBHOOK_BIND -> "127.0.0.1";
      case TELEGRAM_LOCAL_FILES_DIR -> "\"" + System.getProperty("java.io.tmpdir") + "\"";
      case DISCORD_CDN_HOSTS -> "cdn.example.com";
      case VOXSCRIBE_DAILY_BUDGET_USD -> "5";
      case VOXSCRIBE_ALLOWED -> "telegram:123";
      case VOXSCRIBE_BLOCKED -> "telegram:456";
      case VOXSCRIBE_ADMINS -> "telegram:789";
      case DISCORD_SHARDS -> "4";
      case DISCORD_SHARD_IDS -> "0-1";
      case VOXSCRIBE_DATABASE_URL -> "jdbc:postgresql://db:5432/voxscribe";
      case VOXSCRIBE_DATABASE_USER -> "voxscribe";
      case VOXSCRIBE_DATABASE_PASSWORD -> "pg-pass";
      case VOXSCRIBE_AUTO_SUMMARY_SECONDS -> "120";
      default -> "\"" + v.defaultValue().orElseThrow(() -> new AssertionError(v + " needs a sample")) + "\"";
    };
  }
}
