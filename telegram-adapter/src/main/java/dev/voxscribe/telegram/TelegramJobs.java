package dev.voxscribe.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.store.JobRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a Telegram job is kept in the store: the media to fetch again ({@code request}) and who waits
 * for it ({@code waiter}: chat, message, topic, the asker's language and the placeholder once sent), as small JSON objects.
 */
final class TelegramJobs {
  static final String PLATFORM = "telegram";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A job read back from the store. */
  record Kept(Media media, ReplyTarget target, Optional<Integer> placeholder, Asker asker) {}

  private TelegramJobs() {}

  /** One job per message answered: a redelivered update or a repeated command finds the job in hand. */
  static String id(ReplyTarget target) {
    return PLATFORM + ":" + target.chatId() + ":" + target.messageId();
  }

  static String request(Media m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", m.kind());
    o.put("file_id", m.fileId());
    o.put("file_unique_id", m.fileUniqueId());
    m.size().ifPresent(s -> o.put("file_size", s));
    m.duration().ifPresent(d -> o.put("duration", d.toSeconds()));
    o.put("file_name", m.filename());
    o.put("mime_type", m.contentType());
    o.put("speech", m.speech());
    return o.toString();
  }

  static String waiter(ReplyTarget t, Optional<Integer> placeholder, Asker asker) {
    ObjectNode o = JSON.createObjectNode();
    o.put("person", asker.who().person());
    o.put("chat", asker.who().chat());
    o.put("private_chat", asker.who().privateChat());
    o.put("automatic", asker.automatic());
    o.put("chat_id", t.chatId());
    o.put("message_id", t.messageId());
    t.threadId().ifPresent(id -> o.put("message_thread_id", id));
    if (!t.askerLanguage().isEmpty()) o.put("language_code", t.askerLanguage());
    placeholder.ifPresent(id -> o.put("placeholder_id", id));
    return o.toString();
  }

  static Optional<Kept> read(JobRecord job) {
    try {
      JsonNode r = JSON.readTree(job.request());
      JsonNode w = JSON.readTree(job.waiter());
      Media media = new Media(r.path("kind").asText("voice"), r.path("file_id").asText(), r.path("file_unique_id").asText(),
          r.has("file_size") ? OptionalLong.of(r.get("file_size").asLong()) : OptionalLong.empty(),
          r.has("duration") ? Optional.of(Duration.ofSeconds(r.get("duration").asLong())) : Optional.empty(),
          r.path("file_name").asText("audio"), r.path("mime_type").asText("application/octet-stream"),
          r.path("speech").asBoolean(true));
      if (media.fileId().isEmpty() || !w.has("chat_id") || !w.has("message_id")) return Optional.empty();
      ReplyTarget target = new ReplyTarget(w.get("chat_id").asLong(), w.get("message_id").asInt(),
          w.has("message_thread_id") ? Optional.of(w.get("message_thread_id").asInt()) : Optional.empty(),
          w.path("language_code").asText(""));
      Optional<Integer> placeholder = w.has("placeholder_id") ? Optional.of(w.get("placeholder_id").asInt()) : Optional.empty();
      String chat = Long.toString(target.chatId());
      Asker asker = new Asker(new Requester(PLATFORM, w.path("person").asText(chat), w.path("chat").asText(chat),
          w.path("private_chat").asBoolean(false)), w.path("automatic").asBoolean(false));
      return Optional.of(new Kept(media, target, placeholder, asker));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
