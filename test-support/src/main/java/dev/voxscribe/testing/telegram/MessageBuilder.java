package dev.voxscribe.testing.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds one incoming message in the Bot API's shape. {@link #send()} queues it as an update for
 * {@code getUpdates} (or delivers it to the webhook when one is set).
 */
public final class MessageBuilder {
  private final FakeTelegramApi api;
  private final TgChat chat;
  private final @Nullable TgUser from;
  private final ObjectNode fields;
  private Optional<Integer> replyTo = Optional.empty();
  private Optional<Integer> topic = Optional.empty();
  private Optional<Integer> editing = Optional.empty();
  private boolean guest;

  /** @param from the sender; null for a channel post or an edit (which keeps the original's) */
  MessageBuilder(FakeTelegramApi api, TgChat chat, @Nullable TgUser from, ObjectNode fields) {
    this.api = api;
    this.chat = chat;
    this.from = from;
    this.fields = fields;
  }

  /** A text message; a leading {@code /command} gets its {@code bot_command} entity. */
  public MessageBuilder text(String text) {
    fields.put("text", text);
    if (text.startsWith("/")) {
      int end = 1;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) end++;
      fields.putArray("entities").addObject().put("type", "bot_command").put("offset", 0).put("length", end);
    }
    return this;
  }

  public MessageBuilder caption(String caption) {
    fields.put("caption", caption);
    return this;
  }

  /** A voice note (OGG/Opus), as the Telegram apps record them. */
  public MessageBuilder voice(TgFile file, int durationSeconds) {
    fields.putObject("voice").put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("duration", durationSeconds).put("mime_type", "audio/ogg").put("file_size", file.size());
    return this;
  }

  public MessageBuilder audio(TgFile file, int durationSeconds, String fileName, String mimeType) {
    fields.putObject("audio").put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("duration", durationSeconds).put("file_name", fileName).put("mime_type", mimeType)
        .put("file_size", file.size());
    return this;
  }

  /** A round video message; the Bot API gives it no MIME type (it is MP4). */
  public MessageBuilder videoNote(TgFile file, int durationSeconds) {
    fields.putObject("video_note").put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("length", 384).put("duration", durationSeconds).put("file_size", file.size());
    return this;
  }

  public MessageBuilder video(TgFile file, int durationSeconds, String mimeType) {
    fields.putObject("video").put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("width", 1280).put("height", 720).put("duration", durationSeconds).put("mime_type", mimeType)
        .put("file_size", file.size());
    return this;
  }

  public MessageBuilder document(TgFile file, String fileName, String mimeType) {
    fields.putObject("document").put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("file_name", fileName).put("mime_type", mimeType).put("file_size", file.size());
    return this;
  }

  /**
   * A GIF, as the Bot API sends it: an {@code animation} and, for older clients, the same file as a
   * {@code document} with type video/mp4.
   */
  public MessageBuilder animation(TgFile file, int durationSeconds) {
    fields.putObject("animation").put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("width", 320).put("height", 240).put("duration", durationSeconds)
        .put("file_name", "funny.gif.mp4").put("mime_type", "video/mp4").put("file_size", file.size());
    fields.putObject("document").put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("file_name", "funny.gif.mp4").put("mime_type", "video/mp4").put("file_size", file.size());
    return this;
  }

  /**
   * A regular gift received, as the Bot API server sends it when the gift cannot be converted to
   * stars: without {@code convert_star_count} (tdlib's {@code Client.cpp} leaves it out when it is
   * 0), which TelegramBots 10.2 marks required.
   */
  public MessageBuilder gift(int starCount) {
    ObjectNode gift = fields.putObject("gift");
    ObjectNode inner = gift.putObject("gift").put("id", "5170145012310081615").put("star_count", starCount);
    inner.putObject("sticker").put("file_id", "CAACAgIAAxUAAWfake" + starCount).put("file_unique_id", "AgADgift" + starCount)
        .put("type", "custom_emoji").put("width", 512).put("height", 512).put("is_animated", true).put("is_video", false);
    gift.put("owned_gift_id", "owned-" + starCount).put("can_be_upgraded", false).put("is_private", false);
    return this;
  }

  /** Overrides the message's {@code date} (the Bot API uses 0 for a message the bot cannot access). */
  public MessageBuilder date(long epochSeconds) {
    fields.put("date", epochSeconds);
    return this;
  }

  /**
   * The service message a basic group sends when it is upgraded to a supergroup, which has a new
   * chat id ({@code migrate_to_chat_id}).
   */
  public MessageBuilder migrateTo(long supergroupId) {
    fields.put("migrate_to_chat_id", supergroupId);
    return this;
  }

  /** Marks the message as forwarded from {@code original}'s sender ({@code forward_origin}). */
  public MessageBuilder forwardedFrom(TgUser original) {
    ObjectNode origin = fields.putObject("forward_origin").put("type", "user").put("date", api.now());
    origin.set("sender_user", api.userJson(original));
    return this;
  }

  /** Replies to an earlier message of the same chat; the stand-in embeds it as {@code reply_to_message}. */
  public MessageBuilder replyTo(int messageId) {
    this.replyTo = Optional.of(messageId);
    return this;
  }

  /**
   * Replies to message {@code messageId} of another chat (Telegram's "reply in another chat"):
   * the message gets {@code external_reply} with that message's origin and media, and no
   * {@code reply_to_message}.
   */
  public MessageBuilder replyToOtherChat(TgChat other, int messageId) {
    fields.set("external_reply", api.externalReplyOf(other, messageId));
    return this;
  }

  /** The part of the replied-to message the user quoted ({@code quote}, chosen by hand). */
  public MessageBuilder quote(String text) {
    fields.putObject("quote").put("text", text).put("position", 0).put("is_manual", true);
    return this;
  }

  /** The author's signature under a channel post. */
  public MessageBuilder signedBy(String author) {
    fields.put("author_signature", author);
    return this;
  }

  MessageBuilder asGuest() {
    this.guest = true;
    return this;
  }

  MessageBuilder editing(int messageId) {
    this.editing = Optional.of(messageId);
    return this;
  }

  /** Sends it in a forum topic made with {@link FakeTelegramApi#createTopic}. */
  public MessageBuilder inTopic(int threadId) {
    this.topic = Optional.of(threadId);
    return this;
  }

  /** Sent on behalf of the chat itself (an anonymous group admin). */
  public MessageBuilder asAnonymousAdmin() {
    fields.set("sender_chat", api.chatJson(chat));
    return this;
  }

  /** Stores the message and returns its update without queueing it (to post it to a webhook by hand). */
  public ObjectNode toUpdate() {
    if (editing.isPresent()) return api.storeEdit(chat, editing.get(), fields);
    if (guest) return api.storeGuest(chat, from, fields, replyTo);
    return api.store(chat, from, fields, replyTo, topic);
  }

  /** Stores and queues a guest message; returns its {@code guest_query_id}. */
  public String sendGuest() {
    if (!guest) throw new IllegalStateException("not a guest message");
    ObjectNode update = toUpdate();
    api.push(update);
    return update.path("guest_message").path("guest_query_id").asText();
  }

  /** Stores and queues (or delivers) the message or edit; returns its {@code message_id}. */
  public int send() {
    ObjectNode update = toUpdate();
    api.push(update);
    return update.path(FakeTelegramApi.kind(update)).path("message_id").asInt();
  }
}
