package dev.voxscribe.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Decodes one update at a time with TelegramBots' own mapper setup (a plain {@code ObjectMapper},
 * as the library's {@code GetUpdates} uses), so one update the library cannot build (a field it
 * marks required left out, {@code date: 0}, a user without {@code is_bot}) costs only itself.
 *
 * <p>For such an update, the message is decoded a second time from a pruned copy: the header the
 * bot routes on (ids, chat, sender, text, caption, the reply), the media it transcribes, and nothing
 * else, with the required header fields the Bot API left out filled in. When that copy decodes and
 * carries media, the bot still transcribes it.
 */
final class UpdateDecoder {
  /** Message fields that say where and from whom, not what: the kind is the first field not listed. */
  private static final Set<String> HEADER = Set.of("message_id", "message_thread_id", "direct_messages_topic", "from",
      "sender_chat", "sender_boost_count", "sender_business_bot", "sender_tag", "date", "business_connection_id", "chat",
      "forward_origin", "is_topic_message", "is_automatic_forward", "reply_to_message", "external_reply", "quote",
      "reply_to_story", "reply_to_checklist_task_id", "via_bot", "edit_date", "has_protected_content", "is_from_offline",
      "is_paid_post", "media_group_id", "author_signature", "paid_star_count", "entities", "caption_entities",
      "link_preview_options", "effect_id", "show_caption_above_media", "reply_markup", "suggested_post_info",
      "has_media_spoiler", "caption");
  /** What a pruned message keeps besides its chat, sender and reply. */
  private static final List<String> KEPT = List.of("message_id", "message_thread_id", "is_topic_message", "date",
      "text", "caption", "migrate_to_chat_id", "voice", "audio", "video", "video_note", "document", "guest_query_id");
  static final List<String> MEDIA = List.of("voice", "audio", "video", "video_note", "document");
  private static final int MAX_REASON = 300;

  private final ObjectMapper json;

  UpdateDecoder(ObjectMapper json) {
    this.json = json;
  }

  /** The element decoded, or empty when it is not an update at all (not an object, no {@code update_id}). */
  Optional<ReceivedUpdate> decode(JsonNode element) {
    if (!element.isObject() || !element.path("update_id").canConvertToLong() || !element.path("update_id").isIntegralNumber()) {
      return Optional.empty();
    }
    ObjectNode node = (ObjectNode) element;
    long id = node.get("update_id").asLong();
    String raw = node.toString();
    String kind = kind(node);
    try {
      Update update = json.treeToValue(node, Update.class);
      return Optional.of(new ReceivedUpdate(id, kind, raw, Optional.of(update), Optional.empty()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.of(new ReceivedUpdate(id, kind, raw, salvage(node), Optional.of(reason(e))));
    }
  }

  /** {@code message.voice}, {@code message.gift}, {@code callback_query}: the update's type, and a message's content. */
  static String kind(ObjectNode update) {
    Optional<String> type = fieldNames(update).stream().filter(n -> !n.equals("update_id")).findFirst();
    if (type.isEmpty()) return "unknown";
    JsonNode body = update.get(type.get());
    if (!body.isObject() || !body.has("chat")) return type.get();
    return fieldNames(body).stream().filter(n -> !HEADER.contains(n)).findFirst()
        .map(content -> type.get() + "." + content)
        .orElse(body.has("caption") ? type.get() + ".caption" : type.get());
  }

  private Optional<Update> salvage(ObjectNode update) {
    Optional<String> type = fieldNames(update).stream().filter(n -> !n.equals("update_id")).findFirst();
    if (type.isEmpty() || !update.get(type.get()).isObject()) return Optional.empty();
    ObjectNode pruned = pruneMessage((ObjectNode) update.get(type.get()), true);
    // A guest message carries its media in the message it replies to.
    JsonNode reply = pruned.path("reply_to_message");
    boolean guestWithMedia = pruned.has("guest_query_id") && MEDIA.stream().anyMatch(reply::has);
    if (MEDIA.stream().noneMatch(pruned::has) && !guestWithMedia) return Optional.empty();
    ObjectNode copy = json.createObjectNode();
    copy.set("update_id", update.get("update_id"));
    copy.set(type.get(), pruned);
    try {
      return Optional.of(json.treeToValue(copy, Update.class));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private ObjectNode pruneMessage(ObjectNode message, boolean withReply) {
    ObjectNode out = json.createObjectNode();
    for (String field : KEPT) {
      if (message.has(field)) out.set(field, message.get(field));
    }
    // date 0 is how the Bot API marks an inaccessible message; the library then refuses a full one.
    if (out.path("date").asLong(0) == 0) out.put("date", 1);
    if (message.path("chat").isObject()) out.set("chat", pruneChat((ObjectNode) message.get("chat")));
    if (message.path("sender_chat").isObject()) out.set("sender_chat", pruneChat((ObjectNode) message.get("sender_chat")));
    if (message.path("from").isObject()) out.set("from", pruneUser((ObjectNode) message.get("from")));
    if (withReply && message.path("reply_to_message").isObject()) {
      out.set("reply_to_message", pruneMessage((ObjectNode) message.get("reply_to_message"), false));
    }
    return out;
  }

  private ObjectNode pruneChat(ObjectNode chat) {
    ObjectNode out = json.createObjectNode();
    for (String f : List.of("id", "type", "title", "username", "first_name", "last_name", "is_forum")) {
      if (chat.has(f)) out.set(f, chat.get(f));
    }
    if (!out.path("type").isTextual()) out.put("type", chat.path("id").asLong(0) > 0 ? "private" : "supergroup");
    return out;
  }

  private ObjectNode pruneUser(ObjectNode user) {
    ObjectNode out = json.createObjectNode();
    for (String f : List.of("id", "is_bot", "first_name", "last_name", "username", "language_code")) {
      if (user.has(f)) out.set(f, user.get(f));
    }
    // Old accounts come without is_bot; a bot would have it.
    if (!out.path("is_bot").isBoolean()) out.put("is_bot", false);
    if (!out.path("first_name").isTextual()) out.put("first_name", "");
    return out;
  }

  /** One line: the mapper's own message (without its source excerpt) and where in the update it failed. */
  static String reason(Exception e) {
    String message;
    String path = "";
    if (e instanceof JsonMappingException m) {
      message = String.valueOf(m.getOriginalMessage());
      path = m.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."));
    } else {
      message = String.valueOf(e.getMessage());
    }
    String line = message.lines().findFirst().orElse("").strip();
    String reason = path.isEmpty() ? line : line + " (at " + path + ")";
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }
}
