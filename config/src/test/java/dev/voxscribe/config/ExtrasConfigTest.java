package dev.voxscribe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtrasConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsAreEveryButtonOnGpt4oMiniAndNoAutoSummary() {
    ExtrasConfig c = ConfigLoader.load(Map.of(), dir).extras();
    assertThat(c.llmModel()).isEqualTo("gpt-4o-mini");
    assertThat(c.buttons()).containsExactly("summary", "translate", "subtitles");
    assertThat(c.autoSummaryAfter()).isEmpty();
  }

  @Test
  void buttonsCanBeChosenInAnyOrderAndCase() {
    ExtrasConfig c = ConfigLoader.load(Map.of("VOXSCRIBE_BUTTONS", " Subtitles , translate",
        "VOXSCRIBE_LLM_MODEL", "openai/gpt-4.1-nano-2025-04-14", "VOXSCRIBE_AUTO_SUMMARY_SECONDS", "90"), dir).extras();
    assertThat(c.buttons()).containsExactly("translate", "subtitles");
    assertThat(c.llmModel()).isEqualTo("openai/gpt-4.1-nano-2025-04-14");
    assertThat(c.autoSummaryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void anEmptyValueMeansNoButtons() throws Exception {
    assertThat(ConfigLoader.load(Map.of("VOXSCRIBE_BUTTONS", ""), dir).extras().buttons()).isEmpty();
    assertThat(ConfigLoader.load(Map.of("VOXSCRIBE_BUTTONS", "none"), dir).extras().buttons()).isEmpty();
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_BUTTONS: \"\"\n");
    assertThat(ConfigLoader.load(Map.of(), dir).extras().buttons()).isEmpty();
    // A blank environment value is ignored as for every variable: the file's choice stays.
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_BUTTONS: summary\n");
    assertThat(ConfigLoader.load(Map.of("VOXSCRIBE_BUTTONS", ""), dir).extras().buttons()).containsExactly("summary");
  }

  @Test
  void badValuesNameTheVariableAndTheForm() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("VOXSCRIBE_BUTTONS", "summary,karaoke",
        "VOXSCRIBE_AUTO_SUMMARY_SECONDS", "soon", "VOXSCRIBE_LLM_MODEL", "gpt 4o"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "VOXSCRIBE_BUTTONS must be a comma-separated list of summary, translate and subtitles (or empty for none),"
                + " got 'summary,karaoke'",
            "VOXSCRIBE_AUTO_SUMMARY_SECONDS must be a whole number of seconds from 1 to 86400, got 'soon'",
            "VOXSCRIBE_LLM_MODEL must be a chat model id like gpt-4o-mini or openai/gpt-4.1-nano-2025-04-14, got 'gpt 4o'"));
  }
}
