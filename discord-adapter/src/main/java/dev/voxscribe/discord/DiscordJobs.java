package dev.voxscribe.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.stt.SpeechToText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a Discord job is kept in the store: the attachments to fetch again and the options
 * ({@code request}), and who waits where ({@code waiter}: channel, message, user, and for a
 * command its interaction token and when that expires; the language the answer is written in).
 */
final class DiscordJobs {
  static final String PLATFORM = "discord";
  /** An interaction token lives 15 minutes after the interaction was created. */
  static final Duration TOKEN_LIFE = Duration.ofMinutes(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An auto-transcribed message, a {@code /transcribe} or a Transcribe menu use. */
  enum Kind { MESSAGE, COMMAND, MENU }

  /**
   * A job read back from the store.
   *
   * @param messageId the message answered (the voice message, the menu's target); none for a command
   * @param token the interaction's token, for commands and menus
   * @param ui the language the answer's notes are written in
   * @param generations by attachment id: the jobs the service took before the restart
   */
  record Kept(Kind kind, List<AttachmentRef> attachments, Optional<String> language, boolean privately,
      String channelId, Optional<String> messageId, Requester who, Optional<String> token, Instant tokenExpires,
      Locale ui, Map<String, SpeechToText.Started> generations) {

    String userId() {
      return who.person();
    }

    /** Whether the interaction can still be answered through its token (with a little margin). */
    boolean tokenAlive(Instant now) {
      return token.isPresent() && now.plusSeconds(30).isBefore(tokenExpires);
    }
  }

  private DiscordJobs() {}

  /** The id of an auto-transcribed message's job. */
  static String messageJobId(String messageId) {
    return PLATFORM + ":message:" + messageId;
  }

  static JobRecord message(String messageId, String channelId, Requester who, List<AttachmentRef> media, Locale ui,
      Instant now) {
    return record("message:" + messageId, Kind.MESSAGE, media, Optional.empty(), false, channelId, Optional.of(messageId),
        who, Optional.empty(), now, ui, now);
  }

  static JobRecord interaction(Kind kind, String interactionId, String token, Instant created, String channelId,
      Optional<String> messageId, Requester who, List<AttachmentRef> media, Optional<String> language, boolean privately,
      Locale ui, Instant now) {
    return record("interaction:" + interactionId, kind, media, language, privately, channelId, messageId, who,
        Optional.of(token), created.plus(TOKEN_LIFE), ui, now);
  }

  private static JobRecord record(String id, Kind kind, List<AttachmentRef> media, Optional<String> language,
      boolean privately, String channelId, Optional<String> messageId, Requester who, Optional<String> token,
      Instant tokenExpires, Locale ui, Instant now) {
    ObjectNode r = JSON.createObjectNode();
    r.put("kind", kind.name());
    language.ifPresent(l -> r.put("language", l));
    r.put("private", privately);
    ArrayNode list = r.putArray("attachments");
    for (AttachmentRef a : media) {
      ObjectNode n = list.addObject();
      n.put("id", a.id());
      n.put("url", a.url());
      n.put("filename", a.filename());
      a.contentType().ifPresent(t -> n.put("content_type", t));
      n.put("size", a.size());
      a.length().ifPresent(d -> n.put("duration_ms", d.toMillis()));
      if (a.voice()) n.put("voice", true);
    }
    ObjectNode w = JSON.createObjectNode();
    w.put("channel_id", channelId);
    messageId.ifPresent(m -> w.put("message_id", m));
    w.put("user_id", who.person());
    w.put("chat", who.chat());
    w.put("private_chat", who.privateChat());
    token.ifPresent(t -> w.put("interaction_token", t));
    w.put("token_expires_at", tokenExpires.toEpochMilli());
    w.put("ui", ui.toLanguageTag());
    return JobRecord.start(PLATFORM + ":" + id, PLATFORM, r.toString(), w.toString(), now);
  }

  /** The record with {@code generationId} kept on the attachment {@code attachmentId} of its request. */
  static JobRecord withGeneration(JobRecord job, String attachmentId, String generationId, Instant createdAt,
      Instant now) {
    try {
      JsonNode r = JSON.readTree(job.request());
      for (JsonNode n : r.path("attachments")) {
        if (n instanceof ObjectNode o && attachmentId.equals(n.path("id").asText())) {
          o.put("generation_id", generationId);
          o.put("generation_created_at", createdAt.toEpochMilli());
        }
      }
      return job.withRequest(r.toString(), now);
    } catch (JsonProcessingException e) {
      return job;
    }
  }

  static Optional<Kept> read(JobRecord job) {
    try {
      JsonNode r = JSON.readTree(job.request());
      JsonNode w = JSON.readTree(job.waiter());
      List<AttachmentRef> media = new ArrayList<>();
      Map<String, SpeechToText.Started> generations = new HashMap<>();
      for (JsonNode n : r.path("attachments")) {
        if (n.hasNonNull("generation_id") && n.has("generation_created_at")) {
          generations.put(n.path("id").asText(), new SpeechToText.Started(n.get("generation_id").asText(),
              Instant.ofEpochMilli(n.get("generation_created_at").asLong())));
        }
        media.add(new AttachmentRef(n.path("id").asText(), n.path("url").asText(), n.path("filename").asText("audio"),
            n.hasNonNull("content_type") ? Optional.of(n.get("content_type").asText()) : Optional.empty(),
            n.path("size").asLong(0),
            n.has("duration_ms") ? Optional.of(Duration.ofMillis(n.get("duration_ms").asLong())) : Optional.empty(),
            n.path("voice").asBoolean(false)));
      }
      if (media.isEmpty() || !w.hasNonNull("channel_id")) return Optional.empty();
      return Optional.of(new Kept(Kind.valueOf(r.path("kind").asText("MESSAGE")), media,
          r.hasNonNull("language") ? Optional.of(r.get("language").asText()) : Optional.empty(),
          r.path("private").asBoolean(false), w.get("channel_id").asText(),
          w.hasNonNull("message_id") ? Optional.of(w.get("message_id").asText()) : Optional.empty(),
          new Requester(PLATFORM, w.path("user_id").asText("unknown"), w.path("chat").asText(w.path("user_id").asText("unknown")),
              w.path("private_chat").asBoolean(true)),
          w.hasNonNull("interaction_token") ? Optional.of(w.get("interaction_token").asText()) : Optional.empty(),
          Instant.ofEpochMilli(w.path("token_expires_at").asLong(0)),
          Locale.forLanguageTag(w.path("ui").asText("en")), Map.copyOf(generations)));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
