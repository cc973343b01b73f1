package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the service's answers tolerantly (CONTRACT.md): either envelope ({@code result} or
 * {@code output}), every status word, and the Deepgram, AssemblyAI and plain-text result shapes.
 */
final class ResultParser {
  private static final Logger log = LoggerFactory.getLogger(ResultParser.class);

  static final Set<String> PENDING =
      Set.of("waiting", "queued", "active", "generating", "processing", "pending", "in_progress", "created");
  static final Set<String> DONE = Set.of("completed", "complete", "succeeded", "success", "done");
  static final Set<String> FAILED =
      Set.of("failed", "error", "cancelled", "canceled", "timeout", "timed_out", "expired");

  /** Unknown status words are logged once each, not on every poll. */
  private static final Set<String> reportedUnknown = ConcurrentHashMap.newKeySet();

  private ResultParser() {}

  /** The generation id of a create answer. */
  static Optional<String> generationId(JsonNode root) {
    return text(root, "generation_id").or(() -> text(root, "id"));
  }

  /**
   * Reads a create or poll answer.
   *
   * @param fallbackId the id we asked about, when the answer does not repeat it
   * @param model the model asked for, recorded on the transcript
   */
  static JobStatus parse(JsonNode root, String fallbackId, String model) {
    String id = generationId(root).orElse(fallbackId);
    String status = text(root, "status").map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
    JsonNode body = present(root.get("result")) ? root.get("result") : root.get("output");
    JsonNode error = root.get("error");

    if (FAILED.contains(status) || (status.isEmpty() && present(error) && !present(body))) {
      return new JobStatus.Failed(id, status.isEmpty() ? "error" : status, errorMessage(error));
    }
    if (DONE.contains(status) || (status.isEmpty() && present(body))) {
      return new JobStatus.Done(id, transcript(body, id, model));
    }
    if (!status.isEmpty() && !PENDING.contains(status) && reportedUnknown.add(status)) {
      log.warn("Speech service reported an unknown status '{}' (generation {}); treating it as pending", status, id);
    }
    return new JobStatus.Pending(id, status.isEmpty() ? "unknown" : status);
  }

  static String errorMessage(JsonNode error) {
    if (!present(error)) return "the service reported the job as failed";
    if (error.isTextual()) return error.asText();
    return text(error, "message")
        .or(() -> text(error, "name"))
        .or(() -> text(error, "detail"))
        .orElse("the service reported the job as failed");
  }

  static Transcript transcript(JsonNode body, String id, String model) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return new Transcript("", Optional.empty(), Optional.empty(), List.of(), id, model);
    }
    if (body.isTextual()) {
      return new Transcript(body.asText().strip(), Optional.empty(), Optional.empty(), List.of(), id, model);
    }
    JsonNode channel = body.path("results").path("channels").path(0);
    if (!channel.isMissingNode()) {
      return deepgram(body, channel, id, model);
    }
    return textShaped(body, id, model);
  }

  /** Whisper and nova: {@code results.channels[0].alternatives[0]}, times in seconds. */
  private static Transcript deepgram(JsonNode body, JsonNode channel, String id, String model) {
    JsonNode alternative = channel.path("alternatives").path(0);
    String text = text(alternative, "transcript").orElse("");
    Optional<String> language =
        text(channel, "detected_language")
            .or(() -> text(channel, "language"))
            .or(() -> text(body.path("metadata"), "language"));
    Optional<Duration> duration = seconds(body.path("metadata").get("duration"));
    List<Word> words = words(alternative.path("words"), false);
    return new Transcript(text.strip(), language, duration, words, id, model);
  }

  /**
   * AssemblyAI ({@code text}, words in milliseconds) and gpt-4o/MAI ({@code text} only; MAI bills by
   * length, so its {@code usage.seconds} is the audio's duration, while gpt-4o's usage counts tokens).
   */
  private static Transcript textShaped(JsonNode body, String id, String model) {
    String text = text(body, "text").or(() -> text(body, "transcript")).orElse("");
    Optional<String> language = text(body, "language_code").or(() -> text(body, "language"));
    JsonNode usage = body.path("usage");
    Optional<Duration> duration = seconds(body.get("audio_duration"))
        .or(() -> seconds(body.get("duration")))
        .or(() -> usage.path("type").asText("duration").equals("duration") ? seconds(usage.get("seconds")) : Optional.empty());
    List<Word> words = words(body.path("words"), true);
    return new Transcript(text.strip(), language, duration, words, id, model);
  }

  private static List<Word> words(JsonNode array, boolean millis) {
    if (!array.isArray()) return List.of();
    List<Word> words = new ArrayList<>(array.size());
    for (JsonNode w : array) {
      Optional<String> token = text(w, "punctuated_word").or(() -> text(w, "word")).or(() -> text(w, "text"));
      if (token.isEmpty()) continue;
      Duration start = time(w.get("start"), millis);
      Duration end = time(w.get("end"), millis);
      Optional<Double> confidence =
          w.hasNonNull("confidence") && w.get("confidence").isNumber()
              ? Optional.of(w.get("confidence").asDouble())
              : Optional.empty();
      Optional<String> speaker = w.hasNonNull("speaker") ? Optional.of(w.get("speaker").asText()) : Optional.empty();
      words.add(new Word(token.get(), start, end, confidence, speaker));
    }
    return words;
  }

  private static Duration time(JsonNode n, boolean millis) {
    if (n == null || !n.isNumber()) return Duration.ZERO;
    return millis ? Duration.ofMillis(n.asLong()) : Duration.ofNanos(Math.round(n.asDouble() * 1e9));
  }

  private static Optional<Duration> seconds(JsonNode n) {
    if (n == null || !n.isNumber() || n.asDouble() < 0) return Optional.empty();
    return Optional.of(Duration.ofMillis(Math.round(n.asDouble() * 1000)));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) return Optional.empty();
    String s = v.asText();
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode();
  }
}
