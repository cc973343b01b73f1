package dev.voxscribe.core.deliver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to send for one finished job, in order: the messages (the first replaces the placeholder
 * when there is one, the others follow as replies), then, when the text was too long for messages,
 * a file. Texts are final: already formatted and escaped for the platform.
 *
 * @param messages never empty
 * @param file the whole transcript as a text file, when it would take too many messages
 * @param failed whether nothing was transcribed (Discord answers a failed command privately)
 */
public record DeliveryPlan(List<String> messages, Optional<TextFile> file, boolean failed) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A text file to attach: its name, its content, and a caption for platforms that show one. */
  public record TextFile(String name, String content, Optional<String> caption) {}

  public DeliveryPlan {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) throw new IllegalArgumentException("a plan needs at least one message");
  }

  /** One message, e.g. a failure note or a short transcript. */
  public static DeliveryPlan single(String text, boolean failed) {
    return new DeliveryPlan(List.of(text), Optional.empty(), failed);
  }

  /** The plan as JSON, kept with the job so a restart delivers exactly this. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    messages.forEach(o.putArray("messages")::add);
    file.ifPresent(f -> {
      ObjectNode n = o.putObject("file");
      n.put("name", f.name());
      n.put("content", f.content());
      f.caption().ifPresent(c -> n.put("caption", c));
    });
    o.put("failed", failed);
    return o.toString();
  }

  /** Reads {@link #toJson()}; empty when the text is not a plan. */
  public static Optional<DeliveryPlan> fromJson(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      List<String> messages = new ArrayList<>();
      o.path("messages").forEach(m -> messages.add(m.asText()));
      JsonNode f = o.path("file");
      Optional<TextFile> file = f.isObject()
          ? Optional.of(new TextFile(f.path("name").asText("transcript.txt"), f.path("content").asText(""),
              f.hasNonNull("caption") ? Optional.of(f.get("caption").asText()) : Optional.empty()))
          : Optional.empty();
      return Optional.of(new DeliveryPlan(messages, file, o.path("failed").asBoolean(false)));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
