package dev.voxscribe.testing.discord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Discord's JSON objects (user, guild, channel, member, message, attachment), as the API documents them. */
final class Payloads {
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The permissions the tests' server gives everyone: enough to read, write, reply, upload, use commands. */
  static final long EVERYONE_PERMISSIONS = (1L << 10) // VIEW_CHANNEL
      | (1L << 11) // SEND_MESSAGES
      | (1L << 14) // EMBED_LINKS
      | (1L << 15) // ATTACH_FILES
      | (1L << 16) // READ_MESSAGE_HISTORY
      | (1L << 31) // USE_APPLICATION_COMMANDS
      | (1L << 38); // SEND_MESSAGES_IN_THREADS
  static final long MANAGE_GUILD = 1L << 5;
  /** Lets members use apps installed to their own account in this server. */
  static final long USE_EXTERNAL_APPS = 1L << 50;
  /** Message flag of a forward: the message carries a {@code message_snapshots} entry. */
  static final int HAS_SNAPSHOT = 1 << 14;

  private Payloads() {}

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static ObjectNode user(FakeDiscord.User u) {
    ObjectNode n = F.objectNode()
        .put("id", u.id())
        .put("username", u.username())
        .put("discriminator", "0")
        .put("global_name", u.username())
        .putNull("avatar")
        .put("public_flags", 0);
    if (u.bot()) n.put("bot", true);
    return n;
  }

  static ObjectNode selfUser(FakeDiscord.User u) {
    return user(u).put("verified", true).put("mfa_enabled", false).put("flags", 0).putNull("email");
  }

  static ObjectNode member(FakeDiscord.User u, boolean moderator, boolean withUser) {
    ObjectNode n = F.objectNode();
    if (withUser) n.set("user", user(u));
    ArrayNode roles = n.putArray("roles");
    if (moderator) roles.add(FakeDiscord.MODERATOR_ROLE_ID);
    n.put("joined_at", "2024-01-01T00:00:00.000000+00:00")
        .putNull("nick").putNull("avatar").putNull("premium_since")
        .put("deaf", false).put("mute", false).put("flags", 0).put("pending", false)
        .putNull("communication_disabled_until");
    n.put("permissions", Long.toString(EVERYONE_PERMISSIONS | (moderator ? MANAGE_GUILD : 0)));
    return n;
  }

  static ObjectNode role(String id, String name, long permissions, int position) {
    ObjectNode r = F.objectNode().put("id", id).put("name", name).put("color", 0);
    r.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
    return r.put("hoist", false).putNull("icon").putNull("unicode_emoji").put("position", position)
        .put("permissions", Long.toString(permissions)).put("managed", false).put("mentionable", false)
        .put("flags", 0);
  }

  static ObjectNode textChannel(String id, String name, int position) {
    return textChannel(id, FakeDiscord.GUILD_ID, name, position);
  }

  static ObjectNode textChannel(String id, String guildId, String name, int position) {
    ObjectNode c = F.objectNode().put("id", id).put("type", 0).put("guild_id", guildId)
        .put("name", name).put("position", position).putNull("topic").put("nsfw", false)
        .putNull("last_message_id").put("rate_limit_per_user", 0).putNull("parent_id")
        .put("default_auto_archive_duration", 1440).put("flags", 0);
    c.putArray("permission_overwrites");
    return c;
  }

  static ObjectNode thread(String id, String parentId, String name, String ownerId) {
    ObjectNode t = F.objectNode().put("id", id).put("type", 11).put("guild_id", FakeDiscord.GUILD_ID)
        .put("parent_id", parentId).put("owner_id", ownerId).put("name", name)
        .putNull("last_message_id").put("rate_limit_per_user", 0).put("message_count", 0)
        .put("total_message_count", 0).put("member_count", 2).put("flags", 0);
    t.putObject("thread_metadata").put("archived", false).put("auto_archive_duration", 1440)
        .put("archive_timestamp", "2024-01-01T00:00:00.000000+00:00").put("locked", false)
        .put("invitable", true).put("create_timestamp", "2024-01-01T00:00:00.000000+00:00");
    return t;
  }

  static ObjectNode dmChannel(String id, FakeDiscord.User recipient) {
    ObjectNode c = F.objectNode().put("id", id).put("type", 1).putNull("last_message_id").put("flags", 0);
    c.putArray("recipients").add(user(recipient));
    return c;
  }

  /** A group DM (type 3) as an interaction's {@code channel} shows it: recipients other than the caller. */
  static ObjectNode groupDm(String id, FakeDiscord.User caller, FakeDiscord.User other) {
    ObjectNode c = F.objectNode().put("id", id).put("type", 3).putNull("last_message_id").put("flags", 0)
        .putNull("name").putNull("icon").put("owner_id", caller.id());
    c.putArray("recipients").add(user(other));
    return c;
  }

  /**
   * The message of a {@code message_snapshots} entry: only the documented subset ("type, content,
   * embeds, attachments, timestamp, edited_timestamp, flags, mentions, mention_roles, stickers,
   * sticker_items, and components"), so no author, member, id or channel.
   */
  static ObjectNode snapshot(ObjectNode original) {
    ObjectNode s = F.objectNode();
    for (String field : new String[] {"type", "content", "embeds", "attachments", "timestamp", "edited_timestamp",
        "flags", "mentions", "mention_roles", "components"}) {
      if (original.has(field)) s.set(field, original.get(field).deepCopy());
    }
    s.putArray("stickers");
    s.putArray("sticker_items");
    return s;
  }

  static ObjectNode attachment(FakeAttachment a) {
    ObjectNode n = F.objectNode().put("id", a.id()).put("filename", a.filename()).put("size", a.size())
        .put("url", a.url()).put("proxy_url", a.url()).put("content_type", a.contentType());
    if (a.durationSecs().isPresent()) {
      n.put("duration_secs", a.durationSecs().getAsDouble());
      n.put("waveform", "AAAAAAAAAAAA"); // base64 of a flat line; voice messages always carry one
      n.put("flags", 0);
    }
    return n;
  }

  /** A message object; {@code guildId} null for DMs. */
  static ObjectNode message(String id, String channelId, String guildId, FakeDiscord.User author,
      boolean authorIsModerator, String content, int flags, Iterable<FakeAttachment> files) {
    ObjectNode m = F.objectNode().put("id", id).put("type", 0).put("channel_id", channelId);
    if (guildId != null) {
      m.put("guild_id", guildId);
      m.set("member", member(author, authorIsModerator, false));
    }
    m.set("author", user(author));
    m.put("content", content).put("timestamp", now()).putNull("edited_timestamp")
        .put("tts", false).put("mention_everyone", false).put("pinned", false).put("flags", flags);
    m.putArray("mentions");
    m.putArray("mention_roles");
    m.putArray("embeds");
    m.putArray("components");
    ArrayNode attachments = m.putArray("attachments");
    for (FakeAttachment a : files) attachments.add(attachment(a));
    return m;
  }
}
