package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config} and the CLI's strictness, through {@link Main#run}. */
class ConfigCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();

  private int run(String... args) {
    return Main.run(args, new Environment(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsEveryVariableWithItsSourceAndSecretsMasked() throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_MODEL: nova-3\nparams:\n  smart_format: true\n");
    env.put("AIML_API_KEY", "sk-config-command-secret");
    env.put("TELEGRAM_BOT_TOKEN", "7012345678:AAHsecretSecretSecretSecretSecret123");
    assertThat(run("config")).isZero();
    assertThat(out()).contains("VOXSCRIBE_MODEL", "nova-3", "voxscribe.yml")
        .containsPattern("AIML_API_KEY +=\\s+\\*\\*\\*\\s+# environment")
        .containsPattern("VOXSCRIBE_CACHE_TTL +=\\s+24h\\s+# default")
        .contains("DISCORD_BOT_TOKEN").contains("params = {smart_format=true}")
        .doesNotContain("sk-config-command-secret").doesNotContain("AAHsecret");
    for (dev.voxscribe.config.Variable v : dev.voxscribe.config.Variable.values()) assertThat(out()).contains(v.name());
  }

  @Test
  void exitsTwoWithEachProblem() throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_MODLE: nova-3\n");
    env.put("VOXSCRIBE_LOG_LEVEL", "LOUD");
    assertThat(run("config")).isEqualTo(2);
    assertThat(err()).contains("did you mean VOXSCRIBE_MODEL?").contains("VOXSCRIBE_LOG_LEVEL must be one of");
    assertThat(out()).isEmpty();
  }

  @Test
  void anUnknownProjectVariableIsAWarningOnStderr() {
    env.put("VOXSCRIBE_MODLE", "nova-3");
    assertThat(run("config")).isZero();
    assertThat(err()).contains("Warning: Unknown environment variable VOXSCRIBE_MODLE is ignored (did you mean VOXSCRIBE_MODEL?)");
  }

  @Test
  void transcribeRefusesALanguageThatIsNoCodeBeforeSpendingAnything() throws Exception {
    env.put("AIML_API_KEY", "sk-not-used-123456");
    env.put("AIML_API_URL", "http://127.0.0.1:9");
    Files.write(dir.resolve("voice.ogg"), new byte[] {'O', 'g', 'g', 'S'});
    assertThat(run("transcribe", "voice.ogg", "--language", "german")).isEqualTo(2);
    assertThat(err()).isEqualTo("--language must be a language code like en, de or pt-BR (or auto), got 'german'"
        + System.lineSeparator());
  }
}
