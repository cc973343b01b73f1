package dev.voxscribe.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request that reached the stand-in, as received.
 *
 * @param method the HTTP method
 * @param path the path below the API base ({@code interactions/1/tok/callback}) or, for downloads,
 *     below the server root ({@code attachments/1/2/voice-message.ogg})
 * @param query the query parameters
 * @param authorization the {@code Authorization} header, when sent
 * @param json the JSON body, or {@code payload_json} of a multipart body; missing when neither
 * @param files the file parts of a multipart body
 * @param status the status the stand-in answered with
 */
public record DiscordCall(
    String method,
    String path,
    Map<String, String> query,
    Optional<String> authorization,
    JsonNode json,
    List<SentFile> files,
    int status) {

  public DiscordCall {
    query = Map.copyOf(query);
    files = List.copyOf(files);
  }

  /** The {@code content} of a message body, or empty. */
  public String content() {
    JsonNode c = json.path("content");
    return c.isTextual() ? c.asText() : "";
  }

  /** Whether the body sets the EPHEMERAL flag (1 << 6), directly or in {@code data}. */
  public boolean ephemeral() {
    long flags = json.path("flags").asLong(0) | json.path("data").path("flags").asLong(0);
    return (flags & 64) != 0;
  }

  /** {@code message_reference.message_id}, when the message is a reply. */
  public Optional<String> replyTo() {
    JsonNode id = json.path("message_reference").path("message_id");
    return id.isMissingNode() || id.isNull() ? Optional.empty() : Optional.of(id.asText());
  }

  /** Whether this call used {@code method} on a path starting with {@code pathPrefix}. */
  public boolean matches(String method, String pathPrefix) {
    return this.method.equals(method) && this.path.startsWith(pathPrefix);
  }

  static JsonNode none() {
    return MissingNode.getInstance();
  }

  /** A file part of a multipart request. */
  public record SentFile(String field, String filename, String contentType, byte[] data) {
    public String text() {
      return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
