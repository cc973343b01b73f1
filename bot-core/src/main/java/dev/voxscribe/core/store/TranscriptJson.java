package dev.voxscribe.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A transcript as stored: plain JSON, read tolerantly (a row it cannot read is a cache miss). */
final class TranscriptJson {
  private static final Logger log = LoggerFactory.getLogger(TranscriptJson.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TranscriptJson() {}

  static String write(Transcript t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("text", t.text());
    t.language().ifPresent(l -> o.put("language", l));
    t.audioDuration().ifPresent(d -> o.put("duration_ms", d.toMillis()));
    o.put("generation_id", t.generationId());
    o.put("model", t.model());
    ArrayNode words = o.putArray("words");
    for (Word w : t.words()) {
      ObjectNode n = words.addObject();
      n.put("text", w.text());
      n.put("start_ms", w.start().toMillis());
      n.put("end_ms", w.end().toMillis());
      w.confidence().ifPresent(c -> n.put("confidence", c));
      w.speaker().ifPresent(s -> n.put("speaker", s));
    }
    return o.toString();
  }

  static Optional<Transcript> read(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      List<Word> words = new ArrayList<>();
      for (JsonNode n : o.path("words")) {
        words.add(new Word(n.path("text").asText(""), Duration.ofMillis(n.path("start_ms").asLong()),
            Duration.ofMillis(n.path("end_ms").asLong()),
            n.has("confidence") ? Optional.of(n.get("confidence").asDouble()) : Optional.empty(),
            n.hasNonNull("speaker") ? Optional.of(n.get("speaker").asText()) : Optional.empty()));
      }
      return Optional.of(new Transcript(o.path("text").asText(""),
          o.hasNonNull("language") ? Optional.of(o.get("language").asText()) : Optional.empty(),
          o.has("duration_ms") ? Optional.of(Duration.ofMillis(o.get("duration_ms").asLong())) : Optional.empty(),
          words, o.path("generation_id").asText(""), o.path("model").asText("")));
    } catch (JsonProcessingException | RuntimeException e) {
      log.warn("A stored transcript could not be read ({}); it is treated as not cached", e.getMessage());
      return Optional.empty();
    }
  }
}
