package dev.voxscribe.core.deliver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to send for one finished job, in order: the messages (the first replaces the placeholder
 * when there is one, the others follow as replies), then, when the text was too long for messages,
 * a file; the buttons go under the last message sent (the file's, when there is one). Texts are
 * final: already formatted and escaped for the platform, labels included, so a job resumed after
 * a restart is delivered exactly as the fresh one would have been.
 *
 * @param parts never empty
 * @param file the whole transcript as a text file, when it would take too many messages
 * @param failed whether nothing was transcribed (Discord answers a failed command privately)
 * @param buttons one row of buttons under the answer; each names what a press asks for
 */
public record DeliveryPlan(List<Part> parts, Optional<TextFile> file, boolean failed, List<Button> buttons) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One message: its text and how the platform is to read it.
   *
   * @param format the platform's formatting mode (Telegram's {@code parse_mode}, e.g. {@code HTML}); empty: plain text
   */
  public record Part(String text, Optional<String> format) {
    public static Part plain(String text) {
      return new Part(text, Optional.empty());
    }
  }

  /**
   * A button under the answer.
   *
   * @param label what it says, in the reader's language
   * @param data what a press sends back (Telegram's {@code callback_data}, Discord's {@code custom_id})
   */
  public record Button(String label, String data) {
    public Button {
      if (label.isBlank()) throw new IllegalArgumentException("a button needs a label");
      if (data.isBlank()) throw new IllegalArgumentException("a button needs its press data");
    }
  }

  /** A text file to attach: its name, its content, and a caption for platforms that show one. */
  public record TextFile(String name, String content, Optional<String> caption) {}

  public DeliveryPlan {
    parts = List.copyOf(parts);
    buttons = List.copyOf(buttons);
    if (parts.isEmpty()) throw new IllegalArgumentException("a plan needs at least one message");
  }

  /** Plain-text messages, no buttons. */
  public DeliveryPlan(List<String> messages, Optional<TextFile> file, boolean failed) {
    this(messages.stream().map(Part::plain).toList(), file, failed, List.of());
  }

  /** One message, e.g. a failure note or a short transcript. */
  public static DeliveryPlan single(String text, boolean failed) {
    return new DeliveryPlan(List.of(text), Optional.empty(), failed);
  }

  /** The texts of the messages, in order. */
  public List<String> messages() {
    return parts.stream().map(Part::text).toList();
  }

  /** The same plan with {@code row} under it. */
  public DeliveryPlan withButtons(List<Button> row) {
    return new DeliveryPlan(parts, file, failed, row);
  }

  /** The plan as JSON, kept with the job so a restart delivers exactly this. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    parts.forEach(p -> o.withArray("messages").add(p.text()));
    // Formats beside the texts: a plan kept by an older version (texts only) still reads.
    if (parts.stream().anyMatch(p -> p.format().isPresent())) {
      ArrayNode formats = o.putArray("formats");
      parts.forEach(p -> {
        if (p.format().isPresent()) formats.add(p.format().get());
        else formats.addNull();
      });
    }
    file.ifPresent(f -> {
      ObjectNode n = o.putObject("file");
      n.put("name", f.name());
      n.put("content", f.content());
      f.caption().ifPresent(c -> n.put("caption", c));
    });
    o.put("failed", failed);
    if (!buttons.isEmpty()) {
      ArrayNode row = o.putArray("buttons");
      buttons.forEach(b -> row.addObject().put("label", b.label()).put("data", b.data()));
    }
    return o.toString();
  }

  /** Reads {@link #toJson()}; empty when the text is not a plan. */
  public static Optional<DeliveryPlan> fromJson(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      List<Part> parts = new ArrayList<>();
      JsonNode formats = o.path("formats");
      JsonNode messages = o.path("messages");
      for (int i = 0; i < messages.size(); i++) {
        JsonNode format = formats.path(i);
        parts.add(new Part(messages.get(i).asText(),
            format.isTextual() ? Optional.of(format.asText()) : Optional.empty()));
      }
      JsonNode f = o.path("file");
      Optional<TextFile> file = f.isObject()
          ? Optional.of(new TextFile(f.path("name").asText("transcript.txt"), f.path("content").asText(""),
              f.hasNonNull("caption") ? Optional.of(f.get("caption").asText()) : Optional.empty()))
          : Optional.empty();
      List<Button> buttons = new ArrayList<>();
      o.path("buttons").forEach(b -> buttons.add(new Button(b.path("label").asText(""), b.path("data").asText(""))));
      return Optional.of(new DeliveryPlan(parts, file, o.path("failed").asBoolean(false), buttons));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
