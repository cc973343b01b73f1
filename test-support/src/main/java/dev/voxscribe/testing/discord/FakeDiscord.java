package dev.voxscribe.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.testing.http.LoopbackServer;
import dev.voxscribe.testing.http.Multipart;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A loopback stand-in of Discord for end-to-end tests of a bot: the REST API under
 * {@link #restBase()}, the gateway WebSocket at {@link #gatewayUrl()} and attachment downloads
 * from a CDN path, all on one mockwebserver3 instance.
 *
 * <p>The gateway speaks the documented handshake: HELLO (op 10), then IDENTIFY (op 2) is answered
 * with READY (its own {@code resume_gateway_url}) and a GUILD_CREATE for the one test server, whose
 * layout is fixed: {@code #general} with a thread, {@code #random}, a Moderator role holding
 * Manage Server, and four users. Tests then dispatch MESSAGE_CREATE and INTERACTION_CREATE events
 * and read every REST call the bot made from {@link #calls()}.
 *
 * <p>Where Discord is strict the stand-in is too: the bot token on REST routes, content of at most
 * 2000 characters, no empty messages, an interaction acknowledged once, webhook routes only after
 * the acknowledgement. {@link #denyMessageContent(boolean)} makes IDENTIFY with the privileged
 * Message Content intent fail with close code 4014, as for an application whose switch is off.
 */
public final class FakeDiscord implements AutoCloseable {
  /** The only bot token the stand-in accepts. */
  public static final String TOKEN = "MTIwMDAwMDAwMDAwMDAwMDAwMQ.Gfake0.stand-in-token-never-real";
  /** The bot user's id, which is also the application's id. */
  public static final String APPLICATION_ID = "1200000000000000001";
  public static final String GUILD_ID = "1200000000000000100";
  public static final String MODERATOR_ROLE_ID = "1200000000000000101";
  public static final String GENERAL_CHANNEL_ID = "1200000000000000200";
  public static final String RANDOM_CHANNEL_ID = "1200000000000000201";
  /** A public thread under {@code #general}. */
  public static final String THREAD_ID = "1200000000000000210";
  /** The direct-message channel between the bot and {@link #MEMBER}. */
  public static final String DM_CHANNEL_ID = "1200000000000000300";
  /**
   * A server the bot is not in. Users who installed the app to their account (User Install) use
   * its commands there; the bot can see nothing of it, and REST calls on it answer 403 Missing Access.
   */
  public static final String FOREIGN_GUILD_ID = "1200000000000000400";
  /** A text channel of {@link #FOREIGN_GUILD_ID}. */
  public static final String FOREIGN_CHANNEL_ID = "1200000000000000401";
  /** A group DM of {@link #MEMBER} and {@link #OWNER} that the bot is not part of (context PRIVATE_CHANNEL). */
  public static final String GROUP_DM_CHANNEL_ID = "1200000000000000500";
  /**
   * A second server the bot is in, on the other shard of two: {@link #GUILD_ID} is on shard 1 of 2
   * ({@code (id >> 22) % 2}), this one on shard 0.
   */
  public static final String SECOND_GUILD_ID = "1200000000004194404";
  /** The text channel {@code #voice} of {@link #SECOND_GUILD_ID}. */
  public static final String SECOND_CHANNEL_ID = "1200000000004194405";
  /** The servers the bot is a member of. */
  static final List<String> MEMBER_GUILDS = List.of(GUILD_ID, SECOND_GUILD_ID);

  /** A user as the stand-in knows it. */
  public record User(String id, String username, boolean bot) {}

  public static final User BOT = new User(APPLICATION_ID, "VoxScribe", true);
  /** Holds the Moderator role (Manage Server). */
  public static final User MODERATOR = new User("1200000000000000011", "mona", false);
  /** A member without special permissions. */
  public static final User MEMBER = new User("1200000000000000012", "mel", false);
  /** The server's owner (never used as an actor by default). */
  public static final User OWNER = new User("1200000000000000013", "olga", false);

  /** Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds. */
  public static final long DISCORD_EPOCH_MILLIS = 1420070400000L;

  /** Intent bit of the privileged Message Content intent. */
  public static final int MESSAGE_CONTENT_INTENT = 1 << 15;

  static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v10/";
  private static final Pattern CALLBACK = Pattern.compile("^interactions/(\\d+)/([^/]+)/callback$");
  private static final Pattern ORIGINAL = Pattern.compile("^webhooks/(\\d+)/([^/]+)/messages/@original$");
  private static final Pattern FOLLOWUP = Pattern.compile("^webhooks/(\\d+)/([^/]+)$");
  private static final Pattern FOLLOWUP_MESSAGE = Pattern.compile("^webhooks/(\\d+)/([^/]+)/messages/(\\d+)$");
  private static final Pattern USER = Pattern.compile("^users/(\\d+)$");
  private static final Pattern CHANNEL_MESSAGES = Pattern.compile("^channels/(\\d+)/messages$");
  private static final Pattern GLOBAL_COMMANDS = Pattern.compile("^applications/(\\d+)/commands$");
  private static final Pattern GUILD_COMMANDS = Pattern.compile("^applications/(\\d+)/guilds/(\\d+)/commands$");
  private static final Pattern ANY_CHANNEL = Pattern.compile("^channels/(\\d+)(/.*)?$");
  private static final Pattern ANY_GUILD = Pattern.compile("^guilds/(\\d+)(/.*)?$");
  /** Followups Discord allows an interaction whose app is installed only to the user, not to the server. */
  static final int USER_INSTALL_FOLLOWUP_LIMIT = 5;

  private final MockWebServer server;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger tokens = new AtomicInteger();
  private final List<DiscordCall> calls = new CopyOnWriteArrayList<>();
  private final Object callsChanged = new Object();
  private final Map<String, byte[]> cdn = new ConcurrentHashMap<>();
  private final Map<String, String> cdnTypes = new ConcurrentHashMap<>();
  private final Map<String, String> cdnRedirects = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
  private final Map<String, Interaction> interactions = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> globalCommands = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> guildCommands = new ConcurrentHashMap<>();
  private final List<GatewaySession> sessions = new CopyOnWriteArrayList<>();
  private volatile boolean denyMessageContent;
  private final AtomicInteger historyReads = new AtomicInteger();
  private volatile Predicate<String> refusedContent = text -> false;
  private volatile Predicate<String> blockedContent = text -> false;
  private volatile int requiredShards = 1;

  /** An interaction the stand-in dispatched, with what the bot has done with it so far. */
  private static final class Interaction {
    final String id;
    final String token;
    final String channelId;
    @Nullable final String guildId;
    /** Authorised only by a user install ({@code authorizing_integration_owners} has only key "1"). */
    final boolean userInstallOnly;
    final AtomicInteger followups = new AtomicInteger();
    volatile int callbackType = -1;
    volatile boolean ephemeral;
    volatile @Nullable ObjectNode original;
    /** A button press, which may also be acknowledged without a message (DEFERRED_UPDATE_MESSAGE). */
    volatile boolean component;

    Interaction(String id, String token, String channelId, @Nullable String guildId, boolean userInstallOnly) {
      this.id = id;
      this.token = token;
      this.channelId = channelId;
      this.guildId = guildId;
      this.userInstallOnly = userInstallOnly;
    }
  }

  public FakeDiscord() {
    this.server = LoopbackServer.start(this::handle, e -> json(500, "{\"code\":0,\"message\":\"stand-in error: " + e.getClass().getSimpleName() + "\"}"));
  }

  // ---- addresses ----

  /** The REST base to configure ({@code DISCORD_API_URL}), with its trailing slash. */
  public String restBase() {
    return server.url(API).toString();
  }

  /** The gateway to configure ({@code DISCORD_GATEWAY_URL}). */
  public String gatewayUrl() {
    return "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway";
  }

  // ---- scenario ----

  /** While true, IDENTIFY with the Message Content intent is closed with 4014 (Disallowed intent(s)). */
  public void denyMessageContent(boolean deny) {
    this.denyMessageContent = deny;
  }

  /**
   * Refuses any message body (new, edited, or an interaction's answer) whose content matches, as
   * Discord refuses a field it will not take: HTTP 400, code 50035 Invalid Form Body, the reason
   * under {@code errors.content._errors}. Attachments are not checked.
   */
  public void refuseContent(Predicate<String> when) {
    this.refusedContent = when;
  }

  /**
   * Blocks content that matches as a server's AutoMod keyword rule does: HTTP 400, code 200000
   * "Message was blocked by automatic moderation". Attachments are not checked.
   */
  public void blockContent(Predicate<String> when) {
    this.blockedContent = when;
  }

  /** A new snowflake of the current time, as Discord makes them. */
  public String snowflake() {
    long ms = System.currentTimeMillis() - DISCORD_EPOCH_MILLIS;
    return Long.toUnsignedString((ms << 22) | (sequence.incrementAndGet() & 0x3FFFFF));
  }

  /** Stores {@code data} on the CDN path and describes it as an attachment. */
  public FakeAttachment upload(String channelId, String filename, String contentType, byte[] data) {
    String id = snowflake();
    String path = "attachments/" + channelId + "/" + id + "/" + filename;
    cdn.put(path, data.clone());
    cdnTypes.put(path, contentType);
    // Real CDN URLs are signed: ex (expiry), is (issued), hm (signature). The stand-in never checks them.
    String url = server.url("/" + path).newBuilder()
        .addQueryParameter("ex", Long.toHexString(System.currentTimeMillis() / 1000 + 86_400))
        .addQueryParameter("is", Long.toHexString(System.currentTimeMillis() / 1000))
        .addQueryParameter("hm", "0f".repeat(32)).build().toString();
    return new FakeAttachment(id, filename, contentType, data.length, url, OptionalDouble.empty());
  }

  /** Downloads of {@code attachment} answer {@code 302 Found} to {@code location}, as a hostile server might. */
  public void redirectAttachment(FakeAttachment attachment, String location) {
    cdnRedirects.put(attachment.id(), location);
  }

  /** A voice message's one attachment: {@code voice-message.ogg}, OGG/Opus, with {@code duration_secs}. */
  public FakeAttachment voiceAttachment(String channelId, byte[] data, double seconds) {
    return upload(channelId, "voice-message.ogg", "audio/ogg", data).withDuration(seconds);
  }

  /** Dispatches MESSAGE_CREATE for a message by {@code author}; returns its id. */
  public String sendMessage(String channelId, User author, String content, int flags, FakeAttachment... files) {
    String id = snowflake();
    ObjectNode message = Payloads.message(id, channelId, guildOf(channelId), author, isModerator(author),
        content, flags, List.of(files));
    messages.put(id, message);
    dispatch("MESSAGE_CREATE", message);
    return id;
  }

  /** Dispatches MESSAGE_CREATE for a voice message (flag IS_VOICE_MESSAGE, 1 << 13, and no text). */
  public String sendVoiceMessage(String channelId, User author, FakeAttachment voice) {
    return sendMessage(channelId, author, "", 1 << 13, voice);
  }

  /**
   * A message that exists in a channel without the bot having seen it (as when the Message Content
   * intent is missing); it can be the target of a message command.
   */
  public String storeMessage(String channelId, User author, String content, int flags, FakeAttachment... files) {
    String id = snowflake();
    messages.put(id, Payloads.message(id, channelId, guildOf(channelId), author, isModerator(author),
        content, flags, List.of(files)));
    return id;
  }

  /**
   * A voice message posted {@code ago} in the past while the bot was not connected: in the channel's
   * history, never dispatched. Its id and timestamp are of that time, as Discord's would be.
   */
  public String storeVoiceMessage(String channelId, User author, FakeAttachment voice, Duration ago) {
    long at = System.currentTimeMillis() - ago.toMillis();
    String id = Long.toUnsignedString(((at - DISCORD_EPOCH_MILLIS) << 22) | (sequence.incrementAndGet() & 0x3FFFFF));
    ObjectNode m = Payloads.message(id, channelId, guildOf(channelId), author, isModerator(author), "", 1 << 13,
        List.of(voice));
    m.put("timestamp", java.time.Instant.ofEpochMilli(at).toString());
    messages.put(id, m);
    return id;
  }

  /** A reply of the bot to {@code messageId} already in the channel (sent by an earlier run). */
  public String storeBotReply(String channelId, String messageId, String content) {
    String id = snowflake();
    ObjectNode m = Payloads.message(id, channelId, guildOf(channelId), BOT, false, content, 0, List.of());
    m.remove("member");
    m.put("type", 19);
    m.putObject("message_reference").put("type", 0).put("message_id", messageId).put("channel_id", channelId)
        .put("guild_id", guildOf(channelId));
    messages.put(id, m);
    return id;
  }

  /** The bot's messages in {@code channelId} that reply to {@code messageId}. */
  public List<JsonNode> repliesTo(String channelId, String messageId) {
    return messages.values().stream()
        .filter(m -> m.path("channel_id").asText().equals(channelId))
        .filter(m -> m.path("author").path("id").asText().equals(APPLICATION_ID))
        .filter(m -> m.path("message_reference").path("message_id").asText().equals(messageId))
        .map(m -> (JsonNode) m.deepCopy())
        .toList();
  }

  /**
   * Dispatches MESSAGE_CREATE for {@code author} forwarding the stored message {@code originalId}:
   * as Discord sends forwards, the new message has no content or attachments of its own, flag
   * HAS_SNAPSHOT (1 << 14), a {@code message_reference} of type FORWARD (1) and one
   * {@code message_snapshots} entry holding the original's documented subset (no author).
   */
  public String forwardMessage(String channelId, User author, String originalId) {
    ObjectNode forward = forward(channelId, author, originalId);
    dispatch("MESSAGE_CREATE", forward);
    return forward.path("id").asText();
  }

  /** As {@link #forwardMessage}, stored without dispatching (a target for the message menu). */
  public String storeForward(String channelId, User author, String originalId) {
    return forward(channelId, author, originalId).path("id").asText();
  }

  private ObjectNode forward(String channelId, User author, String originalId) {
    ObjectNode original = messages.get(originalId);
    if (original == null) throw new IllegalArgumentException("no message " + originalId + " in the stand-in");
    String id = snowflake();
    ObjectNode m = Payloads.message(id, channelId, guildOf(channelId), author, isModerator(author), "",
        Payloads.HAS_SNAPSHOT, List.of());
    ObjectNode reference = m.putObject("message_reference").put("type", 1).put("message_id", originalId)
        .put("channel_id", original.path("channel_id").asText());
    if (original.hasNonNull("guild_id")) reference.put("guild_id", original.path("guild_id").asText());
    m.putArray("message_snapshots").addObject().set("message", Payloads.snapshot(original));
    messages.put(id, m);
    return m;
  }

  private final Map<String, String> userLocales = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile String guildLocale = "en-US";

  /** The test server's language ({@code preferred_locale}, an interaction's {@code guild_locale}); set it before the bot connects. */
  public void guildLocale(String locale) {
    if (!LOCALES.contains(locale)) throw new IllegalArgumentException("Discord has no locale " + locale);
    guildLocale = locale;
  }

  /** The language {@code user}'s Discord client is set to: the {@code locale} of their interactions. */
  public void userLocale(User user, String locale) {
    if (!LOCALES.contains(locale)) throw new IllegalArgumentException("Discord has no locale " + locale);
    userLocales.put(user.id(), locale);
  }

  /** Dispatches INTERACTION_CREATE for a slash command (type 2, data type 1). */
  public FakeInteraction slashCommand(String channelId, User user, String name, SlashOption... options) {
    ObjectNode data = Payloads.F.objectNode().put("id", commandId(name)).put("name", name).put("type", 1);
    ArrayNode opts = data.putArray("options");
    ObjectNode resolvedAttachments = Payloads.F.objectNode();
    for (SlashOption o : options) {
      opts.add(o.json());
      for (FakeAttachment a : o.attachments()) resolvedAttachments.set(a.id(), Payloads.attachment(a));
    }
    if (!resolvedAttachments.isEmpty()) data.putObject("resolved").set("attachments", resolvedAttachments);
    return interaction(channelId, user, name, data);
  }

  /** Dispatches INTERACTION_CREATE for a message context-menu command on {@code targetMessageId}. */
  public FakeInteraction messageCommand(String channelId, User user, String name, String targetMessageId) {
    ObjectNode target = messages.get(targetMessageId);
    if (target == null) throw new IllegalArgumentException("no message " + targetMessageId + " in the stand-in");
    ObjectNode data = Payloads.F.objectNode().put("id", commandId(name)).put("name", name).put("type", 3)
        .put("target_id", targetMessageId);
    ObjectNode resolvedMessage = target.deepCopy();
    resolvedMessage.remove("member"); // resolved messages carry no member object
    data.putObject("resolved").putObject("messages").set(targetMessageId, resolvedMessage);
    return interaction(channelId, user, name, data);
  }

  /**
   * Someone presses the button {@code customId} under the bot's message {@code messageId}: an
   * INTERACTION_CREATE of type MESSAGE_COMPONENT with the presser's {@code locale} (e.g. {@code de}).
   */
  public FakeInteraction pressButton(String channelId, User user, String messageId, String customId, String locale) {
    ObjectNode message = messages.get(messageId);
    if (message == null) throw new IllegalArgumentException("no message " + messageId + " in the stand-in");
    boolean found = false;
    for (JsonNode row : message.path("components")) {
      for (JsonNode c : row.path("components")) found |= customId.equals(c.path("custom_id").asText(null));
    }
    if (!found) throw new IllegalArgumentException("message " + messageId + " has no button " + customId);
    ObjectNode data = Payloads.F.objectNode().put("custom_id", customId).put("component_type", 2);
    ObjectNode copy = message.deepCopy();
    copy.remove("member");
    return interaction(channelId, user, customId, data, 3, locale, copy);
  }

  /** The button rows under a bot message: {@code [label, custom_id]} per button. */
  public List<List<List<String>>> buttons(String messageId) {
    ObjectNode message = messages.get(messageId);
    List<List<List<String>>> rows = new ArrayList<>();
    if (message == null) return rows;
    for (JsonNode row : message.path("components")) {
      List<List<String>> buttons = new ArrayList<>();
      for (JsonNode c : row.path("components")) buttons.add(List.of(c.path("label").asText(), c.path("custom_id").asText()));
      rows.add(buttons);
    }
    return rows;
  }

  /** The bot's messages that carry buttons, oldest first, as they stand now. */
  public List<JsonNode> botMessagesWithButtons() {
    return messages.values().stream()
        .filter(m -> m.path("author").path("id").asText().equals(BOT.id()) && m.path("components").size() > 0)
        .sorted(java.util.Comparator.comparingLong(m -> Long.parseUnsignedLong(m.path("id").asText())))
        .map(m -> (JsonNode) m).toList();
  }

  /** A message the bot sent (or edited), as the stand-in keeps it. */
  public Optional<JsonNode> message(String messageId) {
    return Optional.ofNullable(messages.get(messageId));
  }

  /**
   * The interaction as Discord shapes it for where it happens: in the bot's server (context 0,
   * authorised by the guild install), in the bot's DM (context 1), in {@link #FOREIGN_GUILD_ID}
   * (context 0, a guild the bot is not in: authorised only by the user's install, key "1") or in
   * {@link #GROUP_DM_CHANNEL_ID} (context 2, PRIVATE_CHANNEL, also only key "1").
   */
  private FakeInteraction interaction(String channelId, User user, String name, ObjectNode data) {
    return interaction(channelId, user, name, data, 2, userLocales.getOrDefault(user.id(), "en-US"), null);
  }

  private FakeInteraction interaction(String channelId, User user, String name, ObjectNode data, int type, String locale,
      @Nullable ObjectNode message) {
    String id = snowflake();
    String token = "aW50ZXJhY3Rpb24" + tokens.incrementAndGet() + "-" + id;
    String guildId = guildOf(channelId);
    boolean userInstallOnly = FOREIGN_GUILD_ID.equals(guildId) || channelId.equals(GROUP_DM_CHANNEL_ID);
    long appPermissions = channelId.equals(GROUP_DM_CHANNEL_ID)
        // "for (G)DMs with other users, it includes ATTACH_FILES | EMBED_LINKS | MENTION_EVERYONE"
        ? (1L << 15) | (1L << 14) | (1L << 17)
        : Payloads.EVERYONE_PERMISSIONS;
    ObjectNode i = Payloads.F.objectNode().put("id", id).put("application_id", APPLICATION_ID)
        .put("type", type).put("token", token).put("version", 1).put("locale", locale)
        .put("channel_id", channelId).put("app_permissions", Long.toString(appPermissions))
        .put("attachment_size_limit", 10L << 20);
    i.set("data", data);
    if (message != null) i.set("message", message);
    i.set("channel", channelObject(channelId, user));
    i.putArray("entitlements");
    ObjectNode owners = Payloads.F.objectNode();
    if (guildId != null) {
      String serverLocale = GUILD_ID.equals(guildId) ? guildLocale : "en-US";
      i.put("guild_id", guildId).put("guild_locale", serverLocale);
      i.putObject("guild").put("id", guildId).put("locale", serverLocale).putArray("features");
      i.set("member", Payloads.member(user, isModerator(user), true));
      i.put("context", 0);
      if (userInstallOnly) owners.put("1", user.id());
      else owners.put("0", guildId);
    } else {
      i.set("user", Payloads.user(user));
      i.put("context", userInstallOnly ? 2 : 1);
      if (userInstallOnly) owners.put("1", user.id());
      else owners.put("0", "0");
    }
    i.set("authorizing_integration_owners", owners);
    Interaction created = new Interaction(id, token, channelId, guildId, userInstallOnly);
    created.component = type == 3;
    interactions.put(token, created);
    dispatch("INTERACTION_CREATE", i);
    return new FakeInteraction(id, token, name);
  }

  private ObjectNode channelObject(String channelId, User user) {
    return switch (channelId) {
      case GENERAL_CHANNEL_ID -> Payloads.textChannel(GENERAL_CHANNEL_ID, "general", 0)
          .put("permissions", Long.toString(Payloads.EVERYONE_PERMISSIONS));
      case RANDOM_CHANNEL_ID -> Payloads.textChannel(RANDOM_CHANNEL_ID, "random", 1)
          .put("permissions", Long.toString(Payloads.EVERYONE_PERMISSIONS));
      case THREAD_ID -> Payloads.thread(THREAD_ID, GENERAL_CHANNEL_ID, "voice notes", MEMBER.id())
          .put("permissions", Long.toString(Payloads.EVERYONE_PERMISSIONS));
      case SECOND_CHANNEL_ID -> Payloads.textChannel(SECOND_CHANNEL_ID, SECOND_GUILD_ID, "voice", 0)
          .put("permissions", Long.toString(Payloads.EVERYONE_PERMISSIONS));
      case FOREIGN_CHANNEL_ID -> Payloads.textChannel(FOREIGN_CHANNEL_ID, FOREIGN_GUILD_ID, "lounge", 0)
          .put("permissions", Long.toString(Payloads.EVERYONE_PERMISSIONS | Payloads.USE_EXTERNAL_APPS));
      case GROUP_DM_CHANNEL_ID -> Payloads.groupDm(GROUP_DM_CHANNEL_ID, user, user.equals(OWNER) ? MEMBER : OWNER);
      default -> Payloads.dmChannel(channelId, user);
    };
  }

  private String commandId(String name) {
    JsonNode registered = globalCommands.getOrDefault(name, guildCommands.get(name));
    return registered != null ? registered.path("id").asText() : snowflake();
  }

  private static @Nullable String guildOf(String channelId) {
    if (channelId.equals(FOREIGN_CHANNEL_ID)) return FOREIGN_GUILD_ID;
    if (channelId.equals(SECOND_CHANNEL_ID)) return SECOND_GUILD_ID;
    return channelId.equals(GENERAL_CHANNEL_ID) || channelId.equals(RANDOM_CHANNEL_ID) || channelId.equals(THREAD_ID)
        ? GUILD_ID : null;
  }

  private static boolean isModerator(User user) {
    return user.id().equals(MODERATOR.id());
  }

  /**
   * Sends a dispatch (op 0) on the newest ready gateway session of the event's shard: a server's
   * events go to {@code (guild_id >> 22) % num_shards}, everything else (direct messages) to shard 0.
   */
  public void dispatch(String type, JsonNode data) {
    String guildId = data.hasNonNull("guild_id") ? data.path("guild_id").asText() : null;
    GatewaySession session = null;
    for (int i = sessions.size() - 1; i >= 0 && session == null; i--) {
      GatewaySession s = sessions.get(i);
      if (!s.isReady()) continue;
      List<Integer> shard = s.shard().orElse(List.of(0, 1));
      int wanted = guildId == null || !MEMBER_GUILDS.contains(guildId) ? 0 : shardOf(guildId, shard.get(1));
      if (shard.get(0) == wanted) session = s;
    }
    if (session == null) {
      throw new IllegalStateException("no ready gateway session for " + type + (guildId == null ? "" : " of server " + guildId));
    }
    session.dispatch(type, data);
  }

  /**
   * Closes the newest ready gateway session with {@code code}, as Discord does (4014: disallowed
   * intents, 4004: authentication failed, 4000-4009: the client may resume or reconnect).
   */
  public void closeGateway(int code, String reason) {
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (sessions.get(i).isReady()) {
        sessions.get(i).close(code, reason);
        return;
      }
    }
    throw new IllegalStateException("no gateway session is open");
  }

  // ---- what happened ----

  /** Every REST call and download so far, oldest first. */
  public List<DiscordCall> calls() {
    return List.copyOf(calls);
  }

  /** Calls with this method whose path starts with {@code pathPrefix}. */
  public List<DiscordCall> calls(String method, String pathPrefix) {
    return calls.stream().filter(c -> c.matches(method, pathPrefix)).toList();
  }

  /** Waits for the first call that matches; fails after {@code timeout}. */
  /**
   * The text an interaction was finally answered with, whichever way the bot chose: an edit of the
   * deferred original response, or, when the answer was known before the bot deferred (an instant
   * refusal or failure), a callback of type 4 carrying the message itself.
   */
  public String awaitAnswerText(FakeInteraction i, String applicationId, Duration timeout) {
    DiscordCall last = awaitCall(c -> c.matches("PATCH", i.originalPath(applicationId))
        || (c.path().equals(i.callbackPath()) && c.json().path("type").asInt() == 4), timeout);
    return last.path().equals(i.callbackPath()) ? last.json().path("data").path("content").asText() : last.content();
  }

  public DiscordCall awaitCall(Predicate<DiscordCall> matching, Duration timeout) {
    return awaitCalls(matching, 1, timeout).get(0);
  }

  /** Waits until {@code count} calls match; returns the first {@code count} of them. */
  public List<DiscordCall> awaitCalls(Predicate<DiscordCall> matching, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (callsChanged) {
      while (true) {
        List<DiscordCall> found = calls.stream().filter(matching).toList();
        if (found.size() >= count) return found.subList(0, count);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("waited " + timeout + " for " + count + " matching call(s), saw "
              + found.size() + "; all calls:\n" + describeCalls());
        }
        try {
          callsChanged.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** Every call of one interaction (its callback and its webhook routes), oldest first. */
  public List<DiscordCall> callsOf(FakeInteraction interaction) {
    return calls.stream().filter(c -> c.path().contains("/" + interaction.token())).toList();
  }

  /** The commands registered globally by name, as last put. */
  public Map<String, JsonNode> globalCommands() {
    return Map.copyOf(globalCommands);
  }

  /** The commands registered to the test server by name, as last put. */
  public Map<String, JsonNode> guildCommands() {
    return Map.copyOf(guildCommands);
  }

  /** The {@code intents} of every IDENTIFY received, in order. */
  public List<Integer> identifiedIntents() {
    List<Integer> all = new ArrayList<>();
    for (GatewaySession s : sessions) s.identifiedIntents().ifPresent(all::add);
    return all;
  }

  /** How many gateway sessions were sent READY. */
  public int readySessions() {
    return (int) sessions.stream().filter(GatewaySession::isReady).count();
  }

  private String describeCalls() {
    StringBuilder b = new StringBuilder();
    for (DiscordCall c : calls) {
      b.append("  ").append(c.status()).append(' ').append(c.method()).append(' ').append(c.path());
      if (!c.json().isMissingNode()) b.append(' ').append(abbreviate(c.json().toString()));
      if (!c.files().isEmpty()) b.append(" +").append(c.files().size()).append(" file(s)");
      b.append('\n');
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  @Override
  public void close() {
    for (GatewaySession s : sessions) s.close();
    server.close();
  }

  // ---- HTTP ----

  private MockResponse handle(RecordedRequest request) {
    String fullPath = request.getUrl().encodedPath();
    if (fullPath.equals("/gateway") || fullPath.startsWith("/gateway/")) {
      GatewaySession session = new GatewaySession(this, sessions.size() + 1);
      sessions.add(session);
      return new MockResponse.Builder().webSocketUpgrade(session).build();
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String name : request.getUrl().queryParameterNames()) {
      query.put(name, Optional.ofNullable(request.getUrl().queryParameter(name)).orElse(""));
    }
    Optional<String> auth = Optional.ofNullable(request.getHeaders().get("Authorization"));
    if (fullPath.startsWith("/attachments/")) {
      String path = decode(fullPath.substring(1));
      byte[] data = cdn.get(path);
      String[] segments = path.split("/");
      String redirect = segments.length > 2 ? cdnRedirects.get(segments[2]) : null;
      MockResponse r = redirect != null
          ? new MockResponse.Builder().code(302).setHeader("Location", redirect).build()
          : data == null
          ? new MockResponse.Builder().code(404).body("Not Found").build()
          : new MockResponse.Builder().code(200).setHeader("Content-Type", cdnTypes.get(path))
              .body(new Buffer().write(data)).build();
      record(new DiscordCall(request.getMethod(), path, query, auth, DiscordCall.none(), List.of(), r.getCode()));
      return r;
    }
    if (!fullPath.startsWith(API)) return json(404, "{\"message\":\"404: Not Found\",\"code\":0}");
    String path = fullPath.substring(API.length());
    Body body;
    try {
      body = body(request);
    } catch (IllegalArgumentException e) {
      return json(400, error(50109, "The request body contains invalid JSON."));
    }
    Reply reply = route(request.getMethod(), path, query, auth, body);
    record(new DiscordCall(request.getMethod(), path, query, auth, body.json(), body.files(), reply.status()));
    return reply.status() == 204
        ? new MockResponse.Builder().code(204).build()
        : json(reply.status(), reply.body());
  }

  private record Body(JsonNode json, List<DiscordCall.SentFile> files) {}

  private record Reply(int status, String body) {
    static Reply ok(JsonNode node) {
      return new Reply(200, node.toString());
    }
  }

  private Reply route(String method, String path, Map<String, String> query, Optional<String> auth, Body body) {
    boolean webhookRoute = path.startsWith("interactions/") || path.startsWith("webhooks/");
    // Interaction callbacks and interaction webhooks are authorised by their token, every other route by the bot token.
    if (!webhookRoute && !auth.equals(Optional.of("Bot " + TOKEN))) {
      return new Reply(401, "{\"message\":\"401: Unauthorized\",\"code\":0}");
    }
    Matcher m;
    if (method.equals("GET") && path.equals("users/@me")) return Reply.ok(Payloads.selfUser(BOT));
    if (method.equals("GET") && (path.equals("gateway") || path.equals("gateway/bot"))) {
      ObjectNode g = Payloads.F.objectNode().put("url", gatewayUrl()).put("shards", requiredShards);
      g.putObject("session_start_limit").put("total", 1000).put("remaining", 999).put("reset_after", 0)
          .put("max_concurrency", 1);
      return Reply.ok(g);
    }
    if (method.equals("GET") && (path.equals("applications/@me") || path.equals("oauth2/applications/@me"))) {
      ObjectNode app = Payloads.F.objectNode().put("id", APPLICATION_ID).put("name", BOT.username())
          .putNull("icon").put("description", "").put("bot_public", true).put("bot_require_code_grant", false)
          .put("verify_key", "00").put("flags", 0).putNull("team");
      app.set("bot", Payloads.user(BOT));
      app.set("owner", Payloads.user(OWNER));
      return Reply.ok(app);
    }
    if (method.equals("GET") && (m = USER.matcher(path)).matches()) {
      // A user by id, as a bot fetches one it has no cache of (to open the DM with them again).
      String wanted = m.group(1);
      return java.util.stream.Stream.of(BOT, MODERATOR, MEMBER, OWNER).filter(u -> u.id().equals(wanted)).findFirst()
          .map(u -> Reply.ok(Payloads.user(u))).orElseGet(() -> new Reply(404, error(10013, "Unknown User")));
    }
    if (method.equals("POST") && path.equals("users/@me/channels")) {
      // Opening the direct-message channel with a user, as a bot does to answer there without a cached channel.
      String recipient = body.json().path("recipient_id").asText("");
      Optional<User> user = java.util.stream.Stream.of(MODERATOR, MEMBER, OWNER).filter(u -> u.id().equals(recipient)).findFirst();
      if (user.isEmpty()) return new Reply(400, error(50033, "Invalid Recipient(s)"));
      ObjectNode dm = Payloads.F.objectNode().put("id", DM_CHANNEL_ID).put("type", 1).putNull("last_message_id");
      dm.putArray("recipients").add(Payloads.user(user.get()));
      return Reply.ok(dm);
    }
    if (method.equals("PUT") && (m = GLOBAL_COMMANDS.matcher(path)).matches()) {
      return putCommands(m.group(1), null, body.json(), globalCommands);
    }
    if (method.equals("PUT") && (m = GUILD_COMMANDS.matcher(path)).matches()) {
      if (!MEMBER_GUILDS.contains(m.group(2))) return new Reply(404, error(10004, "Unknown Guild"));
      return putCommands(m.group(1), m.group(2), body.json(), guildCommands);
    }
    if (method.equals("POST") && (m = CALLBACK.matcher(path)).matches()) {
      return callback(m.group(1), m.group(2), query, body);
    }
    if ((m = ORIGINAL.matcher(path)).matches()) {
      Interaction i = interactions.get(m.group(2));
      if (!m.group(1).equals(APPLICATION_ID) || i == null || i.callbackType < 0) {
        return new Reply(404, error(10015, "Unknown Webhook"));
      }
      if (method.equals("DELETE")) {
        i.original = null;
        return new Reply(204, "");
      }
      if (method.equals("PATCH") || method.equals("GET")) {
        ObjectNode before = i.original;
        if (before == null) return new Reply(404, error(10008, "Unknown Message"));
        if (method.equals("GET")) return Reply.ok(before);
        Optional<Reply> invalid = validate(body, false);
        if (invalid.isPresent()) return invalid.get();
        ObjectNode after = edit(before, body);
        i.original = after;
        messages.put(after.path("id").asText(), after);
        return Reply.ok(after);
      }
    }
    if (method.equals("POST") && (m = FOLLOWUP.matcher(path)).matches()) {
      Interaction i = interactions.get(m.group(2));
      if (!m.group(1).equals(APPLICATION_ID) || i == null || i.callbackType < 0) {
        return new Reply(404, error(10015, "Unknown Webhook"));
      }
      Optional<Reply> invalid = validate(body, true);
      if (invalid.isPresent()) return invalid.get();
      if (i.userInstallOnly && i.followups.incrementAndGet() > USER_INSTALL_FOLLOWUP_LIMIT) {
        return new Reply(400, error(40094, "This interaction has hit the maximum number of follow up messages"));
      }
      ObjectNode message = botMessage(i.channelId, i.guildId, body, body.json().path("flags").asInt(0) & 64);
      return "true".equals(query.get("wait")) ? Reply.ok(message) : new Reply(204, "");
    }
    if ((m = FOLLOWUP_MESSAGE.matcher(path)).matches() && method.equals("DELETE")) {
      return new Reply(204, "");
    }
    // The bot is no member of a server or group DM where only a user install brought it: no access.
    if ((m = ANY_CHANNEL.matcher(path)).matches() && !knownChannel(m.group(1))) {
      return new Reply(guildOf(m.group(1)) != null || m.group(1).equals(GROUP_DM_CHANNEL_ID) ? 403 : 404,
          guildOf(m.group(1)) != null || m.group(1).equals(GROUP_DM_CHANNEL_ID)
              ? error(50001, "Missing Access") : error(10003, "Unknown Channel"));
    }
    if ((m = ANY_GUILD.matcher(path)).matches() && !MEMBER_GUILDS.contains(m.group(1))) {
      return new Reply(403, error(50001, "Missing Access"));
    }
    if (method.equals("GET") && (m = CHANNEL_MESSAGES.matcher(path)).matches()) {
      if (!knownChannel(m.group(1))) return new Reply(404, error(10003, "Unknown Channel"));
      return history(m.group(1), query);
    }
    if (method.equals("POST") && (m = CHANNEL_MESSAGES.matcher(path)).matches()) {
      String channelId = m.group(1);
      if (!knownChannel(channelId)) return new Reply(404, error(10003, "Unknown Channel"));
      Optional<Reply> invalid = validate(body, true);
      if (invalid.isPresent()) return invalid.get();
      return Reply.ok(botMessage(channelId, guildOf(channelId), body, 0));
    }
    return new Reply(404, "{\"message\":\"404: Not Found\",\"code\":0}");
  }

  /**
   * GET /channels/{id}/messages as Discord answers it: {@code limit} 1-100 (default 50), at most one
   * of {@code before}, {@code after} and {@code around}, each a snowflake; the messages next to the
   * anchor (after: the oldest ones after it), always newest first, in REST form (no {@code member});
   * ephemeral messages are nobody's history.
   */
  private Reply history(String channelId, Map<String, String> query) {
    historyReads.incrementAndGet();
    int limit;
    try {
      limit = Integer.parseInt(query.getOrDefault("limit", "50"));
    } catch (NumberFormatException e) {
      return new Reply(400, error(50035, "Invalid Form Body"));
    }
    if (limit < 1 || limit > 100) return new Reply(400, error(50035, "Invalid Form Body"));
    List<String> anchors = new ArrayList<>();
    for (String k : List.of("before", "after", "around")) if (query.containsKey(k)) anchors.add(k);
    if (anchors.size() > 1) return new Reply(400, error(50035, "Invalid Form Body"));
    long anchor = 0;
    if (!anchors.isEmpty()) {
      try {
        anchor = Long.parseUnsignedLong(query.get(anchors.get(0)));
      } catch (NumberFormatException e) {
        return new Reply(400, error(50035, "Invalid Form Body"));
      }
    }
    List<ObjectNode> inChannel = messages.values().stream()
        .filter(msg -> msg.path("channel_id").asText().equals(channelId))
        .filter(msg -> (msg.path("flags").asInt(0) & 64) == 0)
        .sorted(java.util.Comparator.comparing(msg -> Long.parseUnsignedLong(msg.path("id").asText()), Long::compareUnsigned))
        .toList();
    final long at = anchor;
    List<ObjectNode> page;
    if (anchors.isEmpty() || anchors.get(0).equals("before")) {
      List<ObjectNode> older = anchors.isEmpty() ? inChannel
          : inChannel.stream().filter(msg -> Long.compareUnsigned(id(msg), at) < 0).toList();
      page = older.subList(Math.max(0, older.size() - limit), older.size());
    } else if (anchors.get(0).equals("after")) {
      List<ObjectNode> newer = inChannel.stream().filter(msg -> Long.compareUnsigned(id(msg), at) > 0).toList();
      page = newer.subList(0, Math.min(limit, newer.size()));
    } else {
      int centre = 0;
      while (centre < inChannel.size() && Long.compareUnsigned(id(inChannel.get(centre)), at) < 0) centre++;
      int from = Math.max(0, centre - limit / 2);
      page = inChannel.subList(from, Math.min(inChannel.size(), from + limit));
    }
    ArrayNode out = Payloads.F.arrayNode();
    for (int i = page.size() - 1; i >= 0; i--) {
      ObjectNode copy = page.get(i).deepCopy();
      copy.remove("member");
      out.add(copy);
    }
    return Reply.ok(out);
  }

  private static long id(JsonNode message) {
    return Long.parseUnsignedLong(message.path("id").asText());
  }

  /** How often the bot read a channel's message history. */
  public int historyReads() {
    return historyReads.get();
  }

  /** Channels the bot can see: its servers' and its DM. */
  private static boolean knownChannel(String id) {
    String guild = guildOf(id);
    return (guild != null && MEMBER_GUILDS.contains(guild)) || id.equals(DM_CHANNEL_ID);
  }

  private Reply putCommands(String appId, @Nullable String guildId, JsonNode commands, Map<String, JsonNode> store) {
    if (!appId.equals(APPLICATION_ID)) return new Reply(403, error(20012, "You are not authorized to perform this action on this application"));
    if (!commands.isArray()) return new Reply(400, error(50035, "Invalid Form Body"));
    ArrayNode answer = Payloads.F.arrayNode();
    Map<String, JsonNode> next = new LinkedHashMap<>();
    for (JsonNode c : commands) {
      String name = c.path("name").asText("");
      int type = c.path("type").asInt(1);
      if (name.isEmpty() || (type == 1 && !name.matches("^[-_\\p{L}\\p{N}]{1,32}$"))
          || (type == 1 && c.path("description").asText("").isEmpty())) {
        return new Reply(400, error(50035, "Invalid Form Body"));
      }
      if (!allIn(c.path("integration_types"), 0, 1) || !allIn(c.path("contexts"), 0, 2)) {
        return new Reply(400, error(50035, "Invalid Form Body"));
      }
      if (!localizationsValid(c, type == 1)) return new Reply(400, error(50035, "Invalid Form Body"));
      ObjectNode saved = ((ObjectNode) c.deepCopy()).put("id", Optional.ofNullable(store.get(name))
          .map(old -> old.path("id").asText()).orElseGet(this::snowflake))
          .put("application_id", APPLICATION_ID).put("version", snowflake());
      if (guildId != null) saved.put("guild_id", guildId);
      next.put(name, saved);
      answer.add(saved);
    }
    store.clear();
    store.putAll(next);
    return Reply.ok(answer);
  }

  /** The locales Discord accepts as keys of {@code name_localizations} and {@code description_localizations}. */
  public static final java.util.Set<String> LOCALES = java.util.Set.of("id", "da", "de", "en-GB", "en-US", "es-ES",
      "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el",
      "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko");

  /**
   * A command's (and its subcommands' and options') localizations as Discord checks them: known
   * locales only; slash command and option names lower case, 1-32 of the allowed characters;
   * descriptions 1-100 characters.
   */
  private static boolean localizationsValid(JsonNode c, boolean slash) {
    JsonNode names = c.path("name_localizations");
    JsonNode descriptions = c.path("description_localizations");
    for (JsonNode map : List.of(names, descriptions)) {
      if (map.isMissingNode() || map.isNull()) continue;
      if (!map.isObject()) return false;
      for (var it = map.fieldNames(); it.hasNext(); ) if (!LOCALES.contains(it.next())) return false;
    }
    if (names.isObject()) {
      for (JsonNode n : names) {
        String v = n.asText("");
        if (v.isEmpty() || v.length() > 32) return false;
        if (slash && (!v.matches("^[-_\\p{L}\\p{N}]{1,32}$") || !v.equals(v.toLowerCase(java.util.Locale.ROOT)))) return false;
      }
    }
    if (descriptions.isObject()) {
      for (JsonNode d : descriptions) if (d.asText("").isEmpty() || d.asText().length() > 100) return false;
    }
    for (JsonNode o : c.path("options")) if (!localizationsValid(o, slash)) return false;
    for (JsonNode ch : c.path("choices")) if (!localizationsValid(ch, false)) return false;
    return true;
  }

  /**
   * Missing or null is fine (Discord's defaults apply); else an array of integers in [min, max].
   * Discord takes numbers and numeric strings alike (JDA sends {@code ["0","1"]}).
   */
  private static boolean allIn(JsonNode values, int min, int max) {
    if (values.isMissingNode() || values.isNull()) return true;
    if (!values.isArray()) return false;
    for (JsonNode v : values) {
      boolean integer = v.isInt() || (v.isTextual() && v.asText().matches("^\\d{1,2}$"));
      if (!integer || v.asInt() < min || v.asInt() > max) return false;
    }
    return true;
  }

  private Reply callback(String id, String token, Map<String, String> query, Body body) {
    Interaction i = interactions.get(token);
    if (i == null || !i.id.equals(id)) return new Reply(404, error(10062, "Unknown interaction"));
    synchronized (i) {
      if (i.callbackType >= 0) return new Reply(400, error(40060, "Interaction has already been acknowledged."));
      int type = body.json().path("type").asInt(-1);
      JsonNode data = body.json().path("data");
      int flags = data.path("flags").asInt(0);
      if (type != 4 && type != 5 && !(type == 6 && i.component)) return new Reply(400, error(50035, "Invalid Form Body"));
      if (type == 4) {
        Optional<Reply> invalid = validate(new Body(data, body.files()), true);
        if (invalid.isPresent()) return invalid.get();
      }
      i.callbackType = type;
      i.ephemeral = (flags & 64) != 0;
      ObjectNode message = type == 4
          ? botMessage(i.channelId, i.guildId, new Body(data, body.files()), flags & 64)
          : botMessage(i.channelId, i.guildId, new Body(Payloads.F.objectNode().put("content", ""), List.of()),
              (flags & 64) | 128); // 128 = LOADING: the "is thinking…" placeholder
      i.original = message;
      if (!"true".equals(query.get("with_response"))) return new Reply(204, "");
      ObjectNode answer = Payloads.F.objectNode();
      answer.putObject("interaction").put("id", i.id).put("type", 2)
          .put("response_message_id", message.path("id").asText())
          .put("response_message_loading", type == 5).put("response_message_ephemeral", i.ephemeral);
      answer.putObject("resource").put("type", type).set("message", message);
      return Reply.ok(answer);
    }
  }

  /**
   * Discord's checks on a message body: at most 2000 characters, not empty when new, what
   * {@link #refuseContent} and {@link #blockContent} were told to refuse, and buttons in at most 5
   * action rows of at most 5, each with a label of at most 80 and a unique custom_id of 1-100.
   */
  private Optional<Reply> validate(Body body, boolean creating) {
    JsonNode rows = body.json().path("components");
    if (rows.isArray()) {
      java.util.Set<String> ids = new java.util.HashSet<>();
      if (rows.size() > 5) return Optional.of(new Reply(400, error(50035, "Invalid Form Body (components: at most 5 rows)")));
      for (JsonNode row : rows) {
        JsonNode children = row.path("components");
        if (row.path("type").asInt() != 1 || !children.isArray() || children.isEmpty() || children.size() > 5) {
          return Optional.of(new Reply(400, error(50035, "Invalid Form Body (components: an action row of 1-5)")));
        }
        for (JsonNode c : children) {
          String customId = c.path("custom_id").asText("");
          boolean link = c.path("style").asInt() == 5;
          if (c.path("type").asInt() != 2 || c.path("label").asText("").length() > 80
              || (!link && (customId.isEmpty() || customId.length() > 100 || !ids.add(customId)))) {
            return Optional.of(new Reply(400, error(50035, "Invalid Form Body (components: button)")));
          }
        }
      }
    }
    String content = body.json().path("content").asText("");
    if (content.length() > 2000) {
      return Optional.of(new Reply(400, "{\"code\":50035,\"message\":\"Invalid Form Body\",\"errors\":{\"content\":"
          + "{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 2000 or fewer in length.\"}]}}}"));
    }
    if (!content.isEmpty() && refusedContent.test(content)) {
      return Optional.of(new Reply(400, "{\"code\":50035,\"message\":\"Invalid Form Body\",\"errors\":{\"content\":"
          + "{\"_errors\":[{\"code\":\"STRING_TYPE_REGEX\",\"message\":\"String value did not match validation regex.\"}]}}}"));
    }
    if (!content.isEmpty() && blockedContent.test(content)) {
      return Optional.of(new Reply(400, error(200000, "Message was blocked by automatic moderation")));
    }
    boolean hasSomething = !content.isEmpty() || !body.files().isEmpty()
        || body.json().path("embeds").size() > 0 || body.json().path("components").size() > 0;
    if (creating && !hasSomething) return Optional.of(new Reply(400, error(50006, "Cannot send an empty message")));
    return Optional.empty();
  }

  private ObjectNode botMessage(String channelId, @Nullable String guildId, Body body, int flags) {
    String id = snowflake();
    List<FakeAttachment> files = new ArrayList<>();
    for (DiscordCall.SentFile f : body.files()) {
      files.add(upload(channelId, f.filename(), f.contentType(), f.data()));
    }
    ObjectNode m = Payloads.message(id, channelId, guildId, BOT, false, body.json().path("content").asText(""),
        flags, files);
    m.remove("member");
    if (body.json().path("components").isArray()) m.set("components", body.json().get("components").deepCopy());
    JsonNode reference = body.json().path("message_reference");
    if (reference.isObject()) {
      m.set("message_reference", reference);
      m.put("type", 19); // REPLY
    }
    messages.put(id, m);
    return m;
  }

  private ObjectNode edit(ObjectNode before, Body body) {
    ObjectNode after = before.deepCopy();
    JsonNode content = body.json().path("content");
    if (content.isTextual()) after.put("content", content.asText());
    if (body.json().path("components").isArray()) after.set("components", body.json().get("components").deepCopy());
    if (!body.files().isEmpty() || body.json().has("attachments")) {
      ArrayNode attachments = after.putArray("attachments");
      for (DiscordCall.SentFile f : body.files()) {
        attachments.add(Payloads.attachment(upload(before.path("channel_id").asText(), f.filename(),
            f.contentType(), f.data())));
      }
    }
    after.put("flags", before.path("flags").asInt(0) & ~128); // no longer loading
    after.put("edited_timestamp", Payloads.now());
    return after;
  }

  private Body body(RecordedRequest request) {
    String contentType = Optional.ofNullable(request.getHeaders().get("Content-Type")).orElse("");
    if (request.getBody() == null || request.getBody().size() == 0) return new Body(DiscordCall.none(), List.of());
    if (contentType.startsWith("multipart/form-data")) return multipart(request, contentType);
    try {
      return new Body(JSON.readTree(request.getBody().utf8()), List.of());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  private Body multipart(RecordedRequest request, String contentType) {
    JsonNode payload = DiscordCall.none();
    List<DiscordCall.SentFile> files = new ArrayList<>();
    for (Multipart.Part part : Multipart.parse(request.getBody(), contentType)) {
      if (part.isFile()) {
        files.add(new DiscordCall.SentFile(part.name(), part.filename().get(),
            part.contentType().orElse("application/octet-stream"), part.data()));
      } else if (part.name().equals("payload_json")) {
        try {
          payload = JSON.readTree(part.text());
        } catch (IOException e) {
          throw new IllegalArgumentException("payload_json is not JSON", e);
        }
      }
    }
    return new Body(payload, files);
  }

  private void record(DiscordCall call) {
    calls.add(call);
    synchronized (callsChanged) {
      callsChanged.notifyAll();
    }
  }

  private static String decode(String path) {
    return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  static String error(int code, String message) {
    return Payloads.F.objectNode().put("code", code).put("message", message).toString();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status)
        .headers(Headers.of("Content-Type", "application/json"))
        .body(body).build();
  }

  // ---- gateway support ----

  /**
   * Discord's advice in {@code GET /gateway/bot} ({@code shards}), and what it insists on: a session
   * identifying with fewer shards in all is closed with 4011 (Sharding required), as for a bot in
   * too many servers. Set it before the bot connects.
   */
  public void requireShards(int shards) {
    if (shards < 1) throw new IllegalArgumentException("shards must be positive, got " + shards);
    requiredShards = shards;
  }

  int requiredShards() {
    return requiredShards;
  }

  /** The shard of a server: {@code (guild_id >> 22) % total}, as Discord routes it. */
  public static int shardOf(String guildId, int total) {
    return (int) ((Long.parseLong(guildId) >>> 22) % total);
  }

  /** The {@code [shard_id, num_shards]} every IDENTIFY carried ({@code [0, 1]} for one without). */
  public List<List<Integer>> identifiedShards() {
    List<List<Integer>> all = new ArrayList<>();
    for (GatewaySession s : sessions) s.shard().ifPresent(all::add);
    return all;
  }

  boolean deniesMessageContent() {
    return denyMessageContent;
  }

  /** READY's payload for a new session on shard {@code shard} of {@code total}: the servers of that shard. */
  ObjectNode readyPayload(String sessionId, int shard, int total) {
    ObjectNode d = Payloads.F.objectNode().put("v", 10);
    d.set("user", Payloads.selfUser(BOT));
    ArrayNode guilds = d.putArray("guilds");
    for (String g : MEMBER_GUILDS) {
      if (shardOf(g, total) == shard) guilds.addObject().put("id", g).put("unavailable", true);
    }
    d.putArray("private_channels");
    d.putArray("shard").add(shard).add(total);
    d.put("session_id", sessionId).put("session_type", "normal")
        .put("resume_gateway_url", gatewayUrl());
    d.putObject("application").put("id", APPLICATION_ID).put("flags", 0);
    return d;
  }

  /** GUILD_CREATE of a server the bot is in. */
  ObjectNode guildCreatePayload(String guildId) {
    return guildId.equals(GUILD_ID) ? guildCreatePayload() : secondGuildCreatePayload();
  }

  /** GUILD_CREATE of the second server: one channel, everyone with the usual rights. */
  private ObjectNode secondGuildCreatePayload() {
    ObjectNode g = Payloads.F.objectNode().put("id", SECOND_GUILD_ID).put("name", "VoxScribe Second Server")
        .putNull("icon").put("owner_id", OWNER.id()).put("unavailable", false).put("large", false)
        .put("member_count", 3).put("joined_at", "2024-02-01T00:00:00.000000+00:00")
        .put("preferred_locale", "en-US").put("verification_level", 0).put("default_message_notifications", 0)
        .put("explicit_content_filter", 0).put("mfa_level", 0).put("nsfw_level", 0).put("premium_tier", 0)
        .put("system_channel_flags", 0).put("afk_timeout", 300).putNull("afk_channel_id")
        .putNull("system_channel_id").putNull("rules_channel_id").putNull("public_updates_channel_id");
    g.putArray("features");
    g.putArray("roles").add(Payloads.role(SECOND_GUILD_ID, "@everyone", Payloads.EVERYONE_PERMISSIONS, 0));
    g.putArray("channels").add(Payloads.textChannel(SECOND_CHANNEL_ID, SECOND_GUILD_ID, "voice", 0));
    g.putArray("threads");
    g.putArray("members").add(Payloads.member(BOT, false, true));
    for (String empty : List.of("emojis", "stickers", "voice_states", "presences", "guild_scheduled_events",
        "stage_instances", "soundboard_sounds")) {
      g.putArray(empty);
    }
    return g;
  }

  /** GUILD_CREATE of the test server: roles, channels, the thread, the bot's own member. */
  ObjectNode guildCreatePayload() {
    ObjectNode g = Payloads.F.objectNode().put("id", GUILD_ID).put("name", "VoxScribe Test Server")
        .putNull("icon").put("owner_id", OWNER.id()).put("unavailable", false).put("large", false)
        .put("member_count", 4).put("joined_at", "2024-01-01T00:00:00.000000+00:00")
        .put("preferred_locale", guildLocale).put("verification_level", 0).put("default_message_notifications", 0)
        .put("explicit_content_filter", 0).put("mfa_level", 0).put("nsfw_level", 0).put("premium_tier", 0)
        .put("system_channel_flags", 0).put("afk_timeout", 300).putNull("afk_channel_id")
        .putNull("system_channel_id").putNull("rules_channel_id").putNull("public_updates_channel_id");
    g.putArray("features");
    g.putArray("roles")
        .add(Payloads.role(GUILD_ID, "@everyone", Payloads.EVERYONE_PERMISSIONS, 0))
        .add(Payloads.role(MODERATOR_ROLE_ID, "Moderator", Payloads.EVERYONE_PERMISSIONS | Payloads.MANAGE_GUILD, 1));
    g.putArray("channels")
        .add(Payloads.textChannel(GENERAL_CHANNEL_ID, "general", 0))
        .add(Payloads.textChannel(RANDOM_CHANNEL_ID, "random", 1));
    g.putArray("threads").add(Payloads.thread(THREAD_ID, GENERAL_CHANNEL_ID, "voice notes", MEMBER.id()));
    g.putArray("members").add(Payloads.member(BOT, false, true));
    g.putArray("emojis");
    g.putArray("stickers");
    g.putArray("voice_states");
    g.putArray("presences");
    g.putArray("guild_scheduled_events");
    g.putArray("stage_instances");
    g.putArray("soundboard_sounds");
    return g;
  }
}
