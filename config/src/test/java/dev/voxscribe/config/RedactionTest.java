package dev.voxscribe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors say what is wrong and where, never a secret or anything shaped like one. */
class RedactionTest {
  static final String TELEGRAM_TOKEN = "7012345678:AAHfakeTokenForTests-0123456789abcdef";
  static final String DISCORD_TOKEN = "MTE4NjQ0NjU0MzIxMDk4NzY1NA.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB";
  static final String AIML_KEY = "3f9c2a7b8d1e4f6a9b0c5d2e7f8a1b3c";

  @TempDir Path dir;

  private List<String> problems(Map<String, String> env) {
    try {
      ConfigLoader.load(env, dir);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
      return e.problems();
    }
    throw new AssertionError("the configuration was accepted: " + env);
  }

  @Test
  void aBrokenYamlLineIsPlacedByLineAndColumnAndNotQuoted() throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_MODEL: nova-3\n"
        + "AIML_API_KEY: [" + AIML_KEY + "\n"
        + "TELEGRAM_BOT_TOKEN: \"" + TELEGRAM_TOKEN + "\n");
    List<String> problems = problems(Map.of());
    assertThat(problems).singleElement().asString()
        .startsWith(dir.resolve("voxscribe.yml") + " is not valid YAML at line ")
        .containsPattern("at line \\d+, column \\d+$")
        .doesNotContain(AIML_KEY).doesNotContain(AIML_KEY.substring(0, 12)).doesNotContain("AAHfake")
        .doesNotContain("\n");
  }

  @Test
  void aTokenPastedIntoTheWrongVariableIsNotEchoed() {
    List<String> problems = problems(Map.of(
        "TELEGRAM_WEBHOOK_PORT", TELEGRAM_TOKEN,
        "VOXSCRIBE_MAX_FILE_MB", DISCORD_TOKEN,
        "VOXSCRIBE_JOB_TIMEOUT", "sk-" + AIML_KEY,
        "VOXSCRIBE_LANGUAGE", AIML_KEY));
    assertThat(problems).hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("TELEGRAM_WEBHOOK_PORT must be a TCP port number"))
        .anySatisfy(p -> assertThat(p).startsWith("VOXSCRIBE_MAX_FILE_MB must be a whole number"))
        .anySatisfy(p -> assertThat(p).startsWith("VOXSCRIBE_JOB_TIMEOUT must be a duration"))
        .anySatisfy(p -> assertThat(p).startsWith("VOXSCRIBE_LANGUAGE must be a language code"));
    String all = String.join("\n", problems);
    assertThat(all).doesNotContain(TELEGRAM_TOKEN.substring(11)).doesNotContain("GhIjKl")
        .doesNotContain(AIML_KEY.substring(0, 10)).contains(Redaction.MASK);
  }

  @Test
  void theValueOfASecretVariableIsHiddenWhereverItAppears() {
    // Not secret-shaped at all, but it is the key: it must not show up in another variable's error.
    String key = "letmein-please";
    List<String> problems = problems(Map.of("AIML_API_KEY", key, "DISCORD_DEV_GUILD_ID", key,
        "TELEGRAM_WEBHOOK_SECRET", "has spaces, so it is wrong"));
    assertThat(problems).hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("DISCORD_DEV_GUILD_ID must be a server id"))
        .anySatisfy(p -> assertThat(p).startsWith("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters"));
    assertThat(String.join("\n", problems)).doesNotContain(key).doesNotContain("has spaces");
  }

  @Test
  void credentialsInsideAUrlAreHidden() {
    List<String> problems = problems(Map.of(
        "AIML_API_URL", "ftp://proxyuser:hunter2-Secret@proxy.example.com:3128",
        "TELEGRAM_WEBHOOK_URL", "https://admin:s3cr3t@my host/x"));
    assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p).contains("must be an http(s) URL"));
    String all = String.join("\n", problems);
    assertThat(all).doesNotContain("hunter2").doesNotContain("proxyuser").doesNotContain("s3cr3t")
        .contains("ftp://***@proxy.example.com:3128");
  }

  @Test
  void aPasswordInsideTheDatabaseUrlIsMaskedInTheEffectiveValuesAndRegisteredAsASecret() {
    // PostgreSQL's driver takes the password as a query parameter; a short one must be hidden too.
    ConfigLoader.Loaded loaded = ConfigLoader.read(Map.of("VOXSCRIBE_DATABASE_URL",
        "jdbc:postgresql://db:5432/vox?user=bob&password=hunter2-db&sslmode=require",
        "AIML_API_URL", "https://proxy:pw-7@proxy.example.com"), dir);
    String shown = loaded.effective().toString();
    assertThat(shown).doesNotContain("hunter2-db").doesNotContain("pw-7")
        .contains("jdbc:postgresql://db:5432/vox?user=bob&password=***&sslmode=require")
        .contains("https://***@proxy.example.com");
    assertThat(loaded.config().secrets()).contains("hunter2-db");
    assertThat(Redaction.scrub("x jdbc:postgresql://db/v?PASSWORD=abc&sslpassword=def y"))
        .isEqualTo("x jdbc:postgresql://db/v?PASSWORD=***&sslpassword=*** y");
  }

  @Test
  void recordsShowUrlsWithoutTheirCredentials() {
    VoxConfig c = ConfigLoader.load(Map.of("AIML_API_URL", "https://u:pw-1234@proxy.example.com",
        "TELEGRAM_API_URL", "http://bot:pw-5678@127.0.0.1:8081",
        "DISCORD_API_URL", "https://d:pw-9012@discord-proxy.example.com/api/v10/"), dir);
    assertThat(c.speech().toString() + c.telegram() + c.discord())
        .doesNotContain("pw-1234").doesNotContain("pw-5678").doesNotContain("pw-9012");
  }

  @Test
  void shapesThatAreSecretsWhateverTheVariable() {
    assertThat(Redaction.scrub("got '" + TELEGRAM_TOKEN + "'")).isEqualTo("got '***'");
    assertThat(Redaction.scrub("got '" + DISCORD_TOKEN + "'")).isEqualTo("got '***'");
    assertThat(Redaction.scrub("got 'sk-proj-abc123XYZ456'")).isEqualTo("got '***'");
    assertThat(Redaction.scrub("got 'https://user:pass@host/x'")).isEqualTo("got 'https://***@host/x'");
    assertThat(Redaction.scrub("got 'aB3dE5gH7jK9mN1pQ3sT5vW7'")).isEqualTo("got '***'");
    // Ordinary words, names and paths stay readable.
    assertThat(Redaction.scrub("VOXSCRIBE_MAX_CONCURRENT_JOBS must be a whole number, got 'lots'"))
        .isEqualTo("VOXSCRIBE_MAX_CONCURRENT_JOBS must be a whole number, got 'lots'");
    assertThat(Redaction.scrub("/srv/voxscribe/telegram-bot-api/working-directory is missing"))
        .isEqualTo("/srv/voxscribe/telegram-bot-api/working-directory is missing");
    assertThat(Redaction.isSecretName("AIML_API_KEY")).isTrue();
    assertThat(Redaction.isSecretName("telegram_bot_token")).isTrue();
    assertThat(Redaction.isSecretName("TELEGRAM_WEBHOOK_SECRET")).isTrue();
    assertThat(Redaction.isSecretName("TELEGRAM_WEBHOOK_PORT")).isFalse();
  }

  @Test
  void aFileThatCannotBeReadIsNamedWithoutTheExceptionText() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("voxscribe.yml.d"));
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_CONFIG", sub.toString()), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is not a readable file");
  }
}
