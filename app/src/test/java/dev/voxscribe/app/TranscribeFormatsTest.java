package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
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

/** {@code transcribe --format}, {@code --summary} and {@code --translate}, end to end against the stand-in. */
class TranscribeFormatsTest {
  private static final String NL = System.lineSeparator();
  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    env.put("AIML_API_URL", aiml.baseUrl());
    env.put("AIML_API_KEY", aiml.apiKey());
    env.put("VOXSCRIBE_DATA_DIR", dir.resolve("data").toString());
    Files.write(dir.resolve("talk.mp3"), new byte[] {'I', 'D', '3', 4, 0, 0});
  }

  @AfterEach
  void tearDown() {
    aiml.close();
  }

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
  void srtIsNumberedCuesWithCommaMillis() {
    aiml.script(JobScript.completes("Hello there. General Kenobi."));
    assertThat(run("transcribe", "talk.mp3", "--format", "srt")).isZero();
    // The stand-in times word i at [0.5 i, 0.5 i + 0.4] seconds.
    assertThat(out()).isEqualTo("1\n00:00:00,000 --> 00:00:00,900\nHello there.\n\n"
        + "2\n00:00:01,000 --> 00:00:01,900\nGeneral Kenobi.\n\n");
    assertThat(aiml.chat().requests()).isZero();
  }

  @Test
  void vttHasItsHeaderAndDotMillis() {
    aiml.script(JobScript.completes("One line only."));
    assertThat(run("transcribe", "talk.mp3", "--format", "VTT")).isZero();
    assertThat(out()).isEqualTo("WEBVTT\n\n1\n00:00:00,000 --> 00:00:01,400\nOne line only.\n\n".replace(",", "."));
  }

  @Test
  void subtitlesNeedWordTimings() {
    aiml.script(JobScript.completes("Text without timings.").shape(JobScript.Shape.TEXT));
    assertThat(run("transcribe", "talk.mp3", "--format", "srt")).isEqualTo(1);
    assertThat(err()).isEqualTo(CliMessages.NO_TIMINGS + NL);
    assertThat(out()).isEmpty();
  }

  @Test
  void jsonStaysAsFormatJsonAndTxtIsTheDefault() throws Exception {
    aiml.script(JobScript.completes("Same either way."));
    assertThat(run("transcribe", "talk.mp3", "--format", "json")).isZero();
    String viaFormat = out();
    out.reset();
    assertThat(run("transcribe", "talk.mp3", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(out()).get("text")).isEqualTo(new ObjectMapper().readTree(viaFormat).get("text"));
    out.reset();
    assertThat(run("transcribe", "talk.mp3", "--format", "txt")).isZero();
    assertThat(out()).isEqualTo("Same either way." + NL);
  }

  @Test
  void badFormatsAndCombinationsAreRefusedBeforeAnyUpload() {
    assertThat(run("transcribe", "talk.mp3", "--format", "docx")).isEqualTo(2);
    assertThat(run("transcribe", "talk.mp3", "--format", "srt", "--json")).isEqualTo(2);
    assertThat(run("transcribe", "talk.mp3", "--format", "srt", "--summary")).isEqualTo(2);
    assertThat(run("transcribe", "talk.mp3", "--translate", "not a language")).isEqualTo(2);
    assertThat(err()).isEqualTo(CliMessages.badFormat("docx") + NL + CliMessages.JSON_AND_FORMAT + NL
        + CliMessages.EXTRAS_NEED_TEXT + NL + CliMessages.badLanguage("not a language") + NL);
    assertThat(aiml.requestCount()).isZero();
  }

  @Test
  void anUnknownTranslationLanguageIsRefusedBeforeAnyUpload() {
    // "xx" has the shape of a code but names no language: the chat model would be paid to guess.
    assertThat(run("transcribe", "talk.mp3", "--translate", "xx")).isEqualTo(2);
    assertThat(run("transcribe", "talk.mp3", "--translate", "qq-ZZ")).isEqualTo(2);
    assertThat(err()).isEqualTo(CliMessages.badLanguage("xx") + NL + CliMessages.badLanguage("qq-ZZ") + NL);
    assertThat(aiml.requestCount()).isZero();
  }

  @Test
  void anEmptyFileIsRefusedBeforeAnyUpload() throws Exception {
    Files.write(dir.resolve("empty.ogg"), new byte[0]);
    assertThat(run("transcribe", "empty.ogg")).isEqualTo(2);
    assertThat(err()).isEqualTo("The file is empty (0 bytes): " + dir.resolve("empty.ogg") + NL);
    assertThat(out()).isEmpty();
    assertThat(aiml.requestCount()).isZero();
  }

  @Test
  void summaryAndTranslationFollowTheTranscript() {
    aiml.script(JobScript.completes("Wir treffen uns morgen um neun."));
    aiml.chat().reply(call -> call.contentOf("system").contains("summarise") ? "• Treffen morgen um neun."
        : "We meet tomorrow at nine.");
    env.put("VOXSCRIBE_LLM_MODEL", "openai/gpt-4.1-nano-2025-04-14");

    assertThat(run("transcribe", "talk.mp3", "--summary", "--translate", "en-GB")).isZero();

    assertThat(out()).isEqualTo("Wir treffen uns morgen um neun." + NL + NL + "Summary:" + NL + "• Treffen morgen um neun." + NL
        + NL + "Translation (English):" + NL + "We meet tomorrow at nine." + NL);
    assertThat(aiml.chat().calls()).extracting(c -> c.model()).containsOnly("openai/gpt-4.1-nano-2025-04-14");
    assertThat(aiml.chat().calls().get(1).contentOf("system")).contains("into English (en)");
  }

  @Test
  void jsonCarriesTheSummary() throws Exception {
    aiml.chat().reply(call -> "• short");
    assertThat(run("transcribe", "talk.mp3", "--format", "json", "--summary")).isZero();
    JsonNode json = new ObjectMapper().readTree(out());
    assertThat(json.get("summary").asText()).isEqualTo("• short");
  }

  @Test
  void aFailingChatModelStillPrintsTheTranscriptAndSaysWhyInOneLine() {
    aiml.script(JobScript.completes("The transcript itself."));
    aiml.failNext(Endpoint.CHAT, 403);
    assertThat(run("transcribe", "talk.mp3", "--summary")).isEqualTo(1);
    assertThat(out()).isEqualTo("The transcript itself." + NL);
    assertThat(err()).isEqualTo(CliMessages.chatFailure(new dev.voxscribe.core.extras.ExtraResult.Failed(
        dev.voxscribe.core.FailureKind.OUT_OF_CREDITS)) + NL);
  }
}
