package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end through {@link Main#run}, against the AI/ML API stand-in. */
class MainTest {
  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();
  private Path voice;

  @BeforeEach
  void setUp() throws Exception {
    env.put("AIML_API_URL", aiml.baseUrl());
    env.put("AIML_API_KEY", aiml.apiKey());
    env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data").toString());
    voice = Files.write(dir.resolve("voice.ogg"), new byte[] {'O', 'g', 'g', 'S', 1, 2, 3});
  }

  @AfterEach
  void tearDown() {
    aiml.close();
  }

  private int run(String... args) {
    return run(false, args);
  }

  private int run(boolean terminal, String... args) {
    Environment e = new Environment(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
    return Main.run(args, e);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void transcribePrintsTheTextAndExitsZero() {
    aiml.script(JobScript.completes("Hello from a file.").afterPolls(1));
    assertThat(run("transcribe", "voice.ogg")).isZero();
    assertThat(out()).isEqualTo("Hello from a file." + System.lineSeparator());
    assertThat(aiml.uploads().get(0).filename()).contains("voice.ogg");
    assertThat(aiml.uploads().get(0).contentType()).contains("audio/ogg");
    assertThat(aiml.uploads().get(0).model()).isEqualTo("#g1_whisper-large");
  }

  @Test
  void onATerminalProgressShowsOnStderrAndIsClearedBeforeTheResult() {
    aiml.script(JobScript.completes("Worth the wait.").afterPolls(2));
    assertThat(run(true, "transcribe", "voice.ogg")).isZero();
    assertThat(err()).contains("Transcribing voice.ogg…").endsWith("\r\033[2K");
    assertThat(out()).isEqualTo("Worth the wait." + System.lineSeparator());
  }

  @Test
  void withoutATerminalStderrStaysEmpty() {
    assertThat(run("transcribe", "voice.ogg")).isZero();
    assertThat(err()).isEmpty();
  }

  @Test
  void transcribeJsonHasWordsWithTimingsAndOptionsReachTheService() throws Exception {
    aiml.script(JobScript.completes("Guten Morgen zusammen."));
    assertThat(run("transcribe", voice.toString(), "--json", "--model", "#g1_nova-2-general", "--language", "de")).isZero();
    JsonNode json = new ObjectMapper().readTree(out());
    assertThat(json.get("text").asText()).isEqualTo("Guten Morgen zusammen.");
    assertThat(json.get("words")).hasSize(3);
    assertThat(json.get("words").get(1).get("start").asDouble()).isEqualTo(0.5);
    assertThat(json.get("language").asText()).isEqualTo("en");
    assertThat(aiml.uploads().get(0).model()).isEqualTo("#g1_nova-2-general");
    assertThat(aiml.uploads().get(0).fields()).containsEntry("language", "de");
  }

  @Test
  void controlCharactersInATranscriptNeverReachTheTerminal() throws Exception {
    String hostile = "Hello\u001b]0;pwned\u0007 \u001b[31mred\u001b[0m\rover\b\u007f\u009b2J\nnext\tline";
    aiml.script(JobScript.completes(hostile));
    assertThat(run("transcribe", "voice.ogg")).isZero();
    assertThat(out()).isEqualTo("Hello]0;pwned [31mred[0mover2J\nnext\tline" + System.lineSeparator());

    out.reset();
    assertThat(run("transcribe", "voice.ogg", "--json")).isZero();
    assertThat(out()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b").doesNotContain("\u007f")
        .contains("\\u001B").contains("\\u009B").contains("\\u007F");
    assertThat(new ObjectMapper().readTree(out()).get("text").asText()).isEqualTo(hostile);
  }

  @Test
  void controlCharactersInAServiceErrorNeverReachTheTerminal() {
    aiml.script(JobScript.fails("bad\u001b[2Jaudio\u0007"));
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(1);
    assertThat(err()).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void transcribeAUrlLetsTheServiceFetchIt() {
    assertThat(run("transcribe", "https://example.com/talk.mp3")).isZero();
    assertThat(aiml.uploads().get(0).url()).contains("https://example.com/talk.mp3");
  }

  @Test
  void missingKeyNamesTheVariable() {
    env.remove("AIML_API_KEY");
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(2);
    assertThat(err()).contains("AIML_API_KEY").doesNotContain("Exception");
    assertThat(aiml.requestCount()).isZero();
  }

  @Test
  void missingFileNamesThePath() {
    assertThat(run("transcribe", "nope.ogg")).isEqualTo(2);
    assertThat(err().strip()).isEqualTo("No such file: " + dir.resolve("nope.ogg"));
    assertThat(aiml.requestCount()).isZero();
  }

  @Test
  void notAudioIsRefusedWithoutSpending() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThat(run("transcribe", "notes.txt")).isEqualTo(2);
    assertThat(err()).startsWith("Not an audio or video file: ");
    assertThat(aiml.requestCount()).isZero();
  }

  @Test
  void tooLargeIsRefusedWithoutSpending() throws Exception {
    env.put("VOXSCRIBE_MAX_FILE_MB", "1");
    Files.write(dir.resolve("big.mp3"), new byte[(1 << 20) + 1]);
    assertThat(run("transcribe", "big.mp3")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("The file is larger than the limit of 1 MB (VOXSCRIBE_MAX_FILE_MB).");
    assertThat(aiml.requestCount()).isZero();
  }

  @Test
  void rejectedKeyIsOneClearLine() {
    env.put("AIML_API_KEY", "sk-wrong-key-123456");
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("The AI/ML API rejected the key in AIML_API_KEY (HTTP 401): check it at https://aimlapi.com.");
    assertThat(err()).doesNotContain("sk-wrong-key-123456");
  }

  @Test
  void outOfCreditsIsOneClearLine() {
    aiml.creditsExhausted(true);
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(1);
    assertThat(err().strip()).contains("out of credits").doesNotContain("\n");
  }

  @Test
  void failedJobIsOneClearLine() {
    aiml.script(JobScript.fails("Audio file is corrupted"));
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(1);
    assertThat(err().strip()).startsWith("The transcription failed: ").contains("Audio file is corrupted").doesNotContain("\n");
  }

  @Test
  void deadlineIsOneClearLine() {
    aiml.script(JobScript.neverFinishes());
    env.put("VOXSCRIBE_JOB_TIMEOUT", "1s");
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(1);
    assertThat(err().strip()).isEqualTo("The transcription did not finish in time (VOXSCRIBE_JOB_TIMEOUT).");
  }

  @Test
  void unreachableServiceIsOneClearLine() {
    aiml.close();
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(1);
    assertThat(err().strip()).startsWith("Could not reach the AI/ML API").doesNotContain("\n");
  }

  @Test
  void badConfigurationNamesTheVariable() {
    env.put("VOXSCRIBE_JOB_TIMEOUT", "forever");
    assertThat(run("transcribe", "voice.ogg")).isEqualTo(2);
    assertThat(err()).contains("VOXSCRIBE_JOB_TIMEOUT must be a duration");
  }

  @Test
  void aDatabaseWrittenByANewerVoxScribeStopsTheStartWithOneLine() throws Exception {
    try (dev.voxscribe.core.store.SqliteStore store = dev.voxscribe.core.store.SqliteStore.open(dir.resolve("data"))) {
      // opened and migrated by this version
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(
            "jdbc:sqlite:" + dir.resolve("data").resolve("voxscribe.db"));
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO schema_history (installed_rank, version, description, type, script, checksum, "
          + "installed_by, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', "
          + "'V999__from_the_future.sql', 0, 'test', 1, 1)");
    }
    try (dev.voxscribe.testing.telegram.FakeTelegramApi telegram = new dev.voxscribe.testing.telegram.FakeTelegramApi()) {
      env.put("TELEGRAM_BOT_TOKEN", telegram.token());
      env.put("TELEGRAM_API_URL", telegram.baseUrl());
      assertThat(run()).isEqualTo(1);
    }
    assertThat(err().strip()).doesNotContain("\n").contains("newer VoxScribe").contains("999")
        .contains("VOXSCRIBE_DATA_DIR");
  }

  @Test
  void withoutAnyTokenTheBotExitsNonZeroNamingBoth() {
    assertThat(run()).isNotZero();
    assertThat(err()).contains("TELEGRAM_BOT_TOKEN").contains("DISCORD_BOT_TOKEN");
  }

  @Test
  void helpAndVersionWork() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("transcribe").contains("TELEGRAM_BOT_TOKEN");
    out.reset();
    assertThat(run("--version")).isZero();
    assertThat(out()).startsWith("voxscribe ");
    out.reset();
    assertThat(run("transcribe", "--help")).isZero();
    assertThat(out()).contains("--json").contains("--language");
  }

  @Test
  void theLanguageOptionIsNormalisedAsTheVariableIs() {
    aiml.script(JobScript.completes("Olá.").afterPolls(1));
    assertThat(run("transcribe", "voice.ogg", "--language", "PT_br")).isZero();
    assertThat(aiml.uploads().get(0).fields()).containsEntry("language", "pt-BR");
  }
}
