package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.Transcript;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The tolerant reader on answers the stand-in does not produce by itself. */
class ResultParserTest {
  private final ObjectMapper json = new ObjectMapper();

  private JobStatus parse(String body) throws Exception {
    return ResultParser.parse(json.readTree(body), "fallback-id", "m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"failed", "error", "cancelled", "canceled", "timeout"})
  void everyFailedWordFails(String word) throws Exception {
    assertThat(parse("{\"status\":\"" + word + "\",\"error\":{\"name\":\"E\",\"message\":\"why\"}}"))
        .isEqualTo(new JobStatus.Failed("fallback-id", word, "why"));
  }

  @Test
  void errorWithoutStatusIsAFailureAndAStringErrorIsItsMessage() throws Exception {
    assertThat(parse("{\"id\":\"x\",\"error\":\"upstream exploded\"}")).isEqualTo(new JobStatus.Failed("x", "error", "upstream exploded"));
  }

  @Test
  void aMaiTranscribeResultsUsageSecondsIsItsDuration() throws Exception {
    String body = dev.voxscribe.testing.aiml.FakeAimlApi.load("completed-mai.json")
        .replace("${generation_id}", "g-mai").replace("${text}", "\"Hallo zusammen.\"");
    Transcript t = ((JobStatus.Done) parse(body)).transcript();
    assertThat(t.text()).isEqualTo("Hallo zusammen.");
    assertThat(t.audioDuration()).contains(Duration.ofMillis(12_480));
    // gpt-4o's usage counts tokens: no duration from it.
    String tokens = dev.voxscribe.testing.aiml.FakeAimlApi.load("completed-text.json")
        .replace("${generation_id}", "g-4o").replace("${text}", "\"Hi.\"");
    assertThat(((JobStatus.Done) parse(tokens)).transcript().audioDuration()).isEmpty();
  }

  @Test
  void assemblyAiWordsAreInMilliseconds() throws Exception {
    JobStatus s = parse("""
        {"status":"completed","generation_id":"g","result":{"text":"Hi there","language_code":"de","audio_duration":2.5,
         "words":[{"text":"Hi","start":120,"end":400,"confidence":0.9,"speaker":"A"},{"text":"there","start":450,"end":900}]}}""");
    Transcript t = ((JobStatus.Done) s).transcript();
    assertThat(t.words().get(0).start()).isEqualTo(Duration.ofMillis(120));
    assertThat(t.words().get(0).speaker()).contains("A");
    assertThat(t.words().get(1).confidence()).isEmpty();
    assertThat(t.audioDuration()).contains(Duration.ofMillis(2500));
    assertThat(t.language()).contains("de");
  }

  @Test
  void deepgramDiarizedWordsKeepTheSpeaker() throws Exception {
    JobStatus s = parse("""
        {"status":"completed","result":{"metadata":{"duration":1.0},"results":{"channels":[{"alternatives":[
         {"transcript":"yes","words":[{"word":"yes","punctuated_word":"Yes.","start":0.25,"end":0.5,"speaker":1}]}]}]}}}""");
    Transcript t = ((JobStatus.Done) s).transcript();
    assertThat(t.words().get(0).text()).isEqualTo("Yes.");
    assertThat(t.words().get(0).speaker()).contains("1");
    assertThat(t.generationId()).isEqualTo("fallback-id");
  }

  @Test
  void completedWithoutTranscriptIsAnEmptyTranscript() throws Exception {
    Transcript t = ((JobStatus.Done) parse("{\"status\":\"completed\",\"result\":{}}")).transcript();
    assertThat(t.isBlank()).isTrue();
    assertThat(t.language()).isEqualTo(Optional.empty());
  }

  @Test
  void resultAsAPlainStringIsTheText() throws Exception {
    assertThat(((JobStatus.Done) parse("{\"status\":\"completed\",\"result\":\" plain \"}")).transcript().text()).isEqualTo("plain");
  }

  @Test
  void missingStatusWithAResultIsDone() throws Exception {
    assertThat(parse("{\"output\":{\"text\":\"t\"}}")).isInstanceOf(JobStatus.Done.class);
    assertThat(parse("{\"generation_id\":\"g\"}")).isEqualTo(new JobStatus.Pending("g", "unknown"));
  }
}
