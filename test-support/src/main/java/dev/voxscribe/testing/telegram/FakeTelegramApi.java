package dev.voxscribe.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.voxscribe.testing.http.LoopbackServer;
import dev.voxscribe.testing.http.Multipart;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.ByteString;

/**
 * A loopback stand-in of the Telegram Bot API, strict where the real one is documented to be:
 * the token in the path, method names matched case-insensitively, parameters from the query, a
 * JSON body, a form or a multipart body, answers {@code {"ok":true,"result":...}} or
 * {@code {"ok":false,"error_code":N,"description":"..."}}. {@code getUpdates} is held for its
 * {@code timeout} while nothing is pending, updates are confirmed by {@code offset}, and files are
 * served from {@code /file/bot<token>/<file_path>} (20 MB at most, as on the cloud API).
 *
 * <p>Tests push updates with {@link #message(TgChat, TgUser)}, register files, set chat member
 * statuses, make the next call of a method answer 429 with {@code retry_after}, and read back every
 * call, sent message (with its edits), document and chat action.
 */
public final class FakeTelegramApi implements AutoCloseable {
  /** A token of the real shape ({@code <bot id>:<secret>}). */
  public static final String DEFAULT_TOKEN = "7012345678:AAHfakeTokenForTests-0123456789abcdef";
  /** The largest file {@code getFile} serves on the cloud Bot API. */
  public static final long MAX_DOWNLOAD_BYTES = 20L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METHOD_PATH = Pattern.compile("^/bot([^/]+)/([A-Za-z]+)$");
  private static final Pattern FILE_PATH = Pattern.compile("^/file/bot([^/]+)/(.+)$");
  private static final Pattern COMMAND = Pattern.compile("^[a-z0-9_]{1,32}$");
  private static final Pattern SECRET = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");
  private static final Set<String> CHAT_ACTIONS = Set.of("typing", "upload_photo", "record_video", "upload_video",
      "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note",
      "upload_video_note");
  private static final int MAX_TEXT = 4096;
  /** Update types delivered when the bot never listed any (or sent an empty list): all but these three. */
  private static final Set<String> NOT_BY_DEFAULT = Set.of("chat_member", "message_reaction", "message_reaction_count");
  private static final int MAX_CAPTION = 1024;

  private final MockWebServer server;
  private final String token;
  private final TgUser bot;

  private final Object updateLock = new Object();
  private final List<ObjectNode> pendingUpdates = new ArrayList<>();
  private int nextUpdateId = 10_000;
  private volatile boolean closed;
  private volatile boolean outage;
  private final Object downloadHold = new Object();
  private volatile boolean holdDownloads;
  private final AtomicInteger downloadsRequested = new AtomicInteger();
  private final AtomicInteger updatesDelivered = new AtomicInteger();

  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<Long, TgChat> chats = new ConcurrentHashMap<>();
  private final Map<Long, Map<Integer, Stored>> messages = new HashMap<>();
  private final Map<Long, Set<Integer>> topics = new HashMap<>();
  private final Map<Long, AtomicInteger> messageIds = new HashMap<>();
  private final List<SentDocument> documents = new CopyOnWriteArrayList<>();
  private final Map<String, TgFile> filesById = new ConcurrentHashMap<>();
  private final Map<String, byte[]> contentByPath = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> downloadsByPath = new ConcurrentHashMap<>();
  private final Map<String, String> memberStatus = new ConcurrentHashMap<>();
  private final AtomicInteger fileCounter = new AtomicInteger();
  private final List<Integer> webhookDeliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger callbackCounter = new AtomicInteger();
  private final Set<String> openCallbacks = ConcurrentHashMap.newKeySet();
  /** The inline keyboard under each guest message, by inline_message_id (absent: none). */
  private final Map<String, JsonNode> guestKeyboards = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> callbackAnswers = new ConcurrentHashMap<>();
  private final Map<String, List<String>> reactions = new HashMap<>();
  private final List<String> requestedPaths = new CopyOnWriteArrayList<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final List<ObjectNode> dropped = new CopyOnWriteArrayList<>();
  private volatile List<JsonNode> commands = List.of();
  /** The menus set for one {@code language_code} each (the default one is {@link #commands}). */
  private final Map<String, List<JsonNode>> commandsByLanguage = new java.util.concurrent.ConcurrentHashMap<>();
  /** The update types the bot last asked for; empty: the server's default set. */
  private volatile Optional<Set<String>> allowedUpdates = Optional.empty();
  private volatile boolean guestMode = true;
  /** Chats where the bot is no member: it appears there only as a guest, answering through answerGuestQuery. */
  private final Set<Long> notMember = ConcurrentHashMap.newKeySet();
  private final Map<String, GuestQuery> guestQueries = new ConcurrentHashMap<>();
  private final Map<String, GuestReply> guestReplies = new ConcurrentHashMap<>();
  private final AtomicInteger guestCounter = new AtomicInteger();
  private volatile Optional<String> webhookUrl = Optional.empty();
  private volatile Optional<String> webhookSecret = Optional.empty();
  private volatile @org.jspecify.annotations.Nullable OkHttpClient webhookClient;

  private record Fault(int code, String description, Optional<Integer> retryAfter) {}

  /** A fault that lasts while its condition holds: an HTTP error, or (code 0) the connection dropped unanswered. */
  private record Outage(String method, BooleanSupplier active, int code, String description) {}

  private final List<Outage> outages = new CopyOnWriteArrayList<>();

  /** A guest query the stand-in sent; answerable once. */
  private static final class GuestQuery {
    final String id;
    final long chatId;
    volatile boolean answered;

    GuestQuery(String id, long chatId) {
      this.id = id;
      this.chatId = chatId;
    }
  }

  /** One message of a chat, the user's or the bot's. */
  private static final class Stored {
    final ObjectNode json;
    final boolean fromBot;
    final List<String> versions = new ArrayList<>();
    final Optional<Integer> replyTo;
    final Optional<Integer> threadId;

    Stored(ObjectNode json, boolean fromBot, Optional<Integer> replyTo, Optional<Integer> threadId) {
      this.json = json;
      this.fromBot = fromBot;
      this.replyTo = replyTo;
      this.threadId = threadId;
      if (json.hasNonNull("text")) versions.add(json.get("text").asText());
    }
  }

  public FakeTelegramApi() {
    this(DEFAULT_TOKEN);
  }

  public FakeTelegramApi(String token) {
    int colon = token.indexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("a bot token looks like <bot id>:<secret>");
    this.token = token;
    this.bot = new TgUser(Long.parseLong(token.substring(0, colon)), "VoxScribe", Optional.of("voxscribe_test_bot"), true);
    this.server = LoopbackServer.start(this::handle, e -> error(500, "Internal Server Error: stand-in failed with " + e));
  }

  // ---- configuration ----

  /** The base URL to configure ({@code TELEGRAM_API_URL}), without a trailing slash. */
  public String baseUrl() {
    return LoopbackServer.baseUrl(server);
  }

  public String token() {
    return token;
  }

  /** The bot's own user, as {@code getMe} answers it. */
  public TgUser bot() {
    return bot;
  }

  public String botUsername() {
    return bot.username().orElseThrow();
  }

  /** Registers a file with its bytes; {@code path} is the {@code file_path} getFile answers (e.g. {@code voice/file_1.oga}). */
  public TgFile registerFile(String path, byte[] data) {
    TgFile file = newFile(path, data.length);
    contentByPath.put(path, data.clone());
    return file;
  }

  /** Registers a file of {@code size} bytes without content (for size limits: never downloaded). */
  public TgFile registerFileOfSize(String path, long size) {
    return newFile(path, size);
  }

  /** The same file under a new {@code file_id} and the same {@code file_unique_id}, as a forward carries it. */
  public TgFile reissue(TgFile file) {
    TgFile copy = new TgFile("BQACAgIAAxkBAAI" + fileCounter.incrementAndGet() + "x" + Long.toHexString(System.nanoTime()),
        file.fileUniqueId(), file.size(), file.path());
    filesById.put(copy.fileId(), copy);
    return copy;
  }

  private TgFile newFile(String path, long size) {
    int n = fileCounter.incrementAndGet();
    TgFile file = new TgFile("BQACAgIAAxkBAAI" + n + "y" + Long.toHexString(System.nanoTime()), "AgADq" + n, size, path);
    filesById.put(file.fileId(), file);
    return file;
  }

  /**
   * Registers a file that {@code getFile} describes with exactly this {@code file_path}, as a
   * spoofed or self-hosted server might: an absolute path on the bot's disk, or one with {@code ../}.
   */
  public TgFile registerFileAt(String filePath, long size) {
    return newFile(filePath, size);
  }

  /** Downloads of {@code file} answer {@code 302 Found} with this {@code Location}, as a hostile server might. */
  public void redirectDownload(TgFile file, String location) {
    redirects.put(file.path(), location);
  }

  /** What {@code getChatMember} answers for this user in this chat: creator, administrator, member, restricted, left, kicked. */
  public void setMemberStatus(TgChat chat, TgUser user, String status) {
    memberStatus.put(chat.id() + ":" + user.id(), status);
  }

  /**
   * While true, every call answers HTTP 502 with an HTML page (as a proxy in front of a down Bot API
   * does), and a long poll held open ends at once.
   */
  public void outage(boolean down) {
    this.outage = down;
    synchronized (updateLock) {
      updateLock.notifyAll();
    }
  }

  /** The next call of {@code method} answers HTTP 429 with {@code parameters.retry_after}. */
  public synchronized void rateLimitNext(String method, int retryAfterSeconds) {
    faults.computeIfAbsent(method.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>())
        .add(new Fault(429, "Too Many Requests: retry after " + retryAfterSeconds, Optional.of(retryAfterSeconds)));
  }

  /** The next call of {@code method} answers with this error code and description. */
  public synchronized void failNext(String method, int code, String description) {
    faults.computeIfAbsent(method.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>())
        .add(new Fault(code, description, Optional.empty()));
  }

  /**
   * While {@code active} holds, every call of {@code method} answers this error (e.g. 502 "Bad
   * Gateway", as Telegram's front end does in an outage).
   */
  public void failWhile(String method, BooleanSupplier active, int code, String description) {
    outages.add(new Outage(method.toLowerCase(Locale.ROOT), active, code, description));
  }

  /** While {@code active} holds, every call of {@code method} has its connection closed before any answer. */
  public void dropWhile(String method, BooleanSupplier active) {
    outages.add(new Outage(method.toLowerCase(Locale.ROOT), active, 0, ""));
  }

  // ---- updates ----

  /** Starts a message from {@code from} in {@code chat}; finish with {@link MessageBuilder#send()}. */
  public MessageBuilder message(TgChat chat, TgUser from) {
    chats.put(chat.id(), chat);
    return new MessageBuilder(this, chat, from, JSON.createObjectNode());
  }

  /**
   * Starts a post in a channel where the bot is an administrator; finish with {@link MessageBuilder#send()},
   * which queues a {@code channel_post}. As the Bot API sends them, channel posts have no {@code from}:
   * the channel itself is {@code sender_chat}.
   */
  public MessageBuilder channelPost(TgChat channel) {
    if (!channel.type().equals("channel")) throw new IllegalArgumentException("chat " + channel.id() + " is no channel");
    chats.put(channel.id(), channel);
    return new MessageBuilder(this, channel, null, JSON.createObjectNode());
  }

  /**
   * Starts an edit of an earlier message of the chat (its author's, or a channel's post): the fields
   * set replace the old ones (new media replaces the old media), and {@link MessageBuilder#send()}
   * queues {@code edited_message} ({@code edited_channel_post} in a channel) with {@code edit_date}.
   */
  public synchronized MessageBuilder edit(TgChat chat, int messageId) {
    Stored old = messagesOf(chat.id()).get(messageId);
    if (old == null || old.fromBot) throw new IllegalArgumentException("no user message " + messageId + " in chat " + chat.id());
    return new MessageBuilder(this, chat, null, JSON.createObjectNode()).editing(messageId);
  }

  private static final List<String> MEDIA_FIELDS =
      List.of("voice", "audio", "video", "video_note", "document", "animation", "photo", "sticker");

  synchronized ObjectNode storeEdit(TgChat chat, int messageId, ObjectNode fields) {
    Stored old = messagesOf(chat.id()).get(messageId);
    ObjectNode msg = old.json.deepCopy();
    if (MEDIA_FIELDS.stream().anyMatch(fields::has)) MEDIA_FIELDS.forEach(msg::remove);
    fields.properties().forEach(e -> msg.set(e.getKey(), e.getValue()));
    msg.put("edit_date", now());
    messagesOf(chat.id()).put(messageId, new Stored(msg, false, old.replyTo, old.threadId));
    ObjectNode update = JSON.createObjectNode();
    synchronized (updateLock) {
      update.put("update_id", nextUpdateId++);
    }
    update.set(chat.type().equals("channel") ? "edited_channel_post" : "edited_message", msg);
    return update;
  }

  /**
   * {@code external_reply} for a reply to message {@code messageId} of {@code other} (another chat),
   * as the Bot API shapes it: the origin, {@code chat} and {@code message_id} only when that chat is
   * a supergroup or a channel, and the message's media.
   */
  synchronized ObjectNode externalReplyOf(TgChat other, int messageId) {
    Stored target = messagesOf(other.id()).get(messageId);
    if (target == null) throw new IllegalArgumentException("no message " + messageId + " in chat " + other.id());
    ObjectNode info = JSON.createObjectNode();
    if (target.json.has("forward_origin")) {
      info.set("origin", target.json.get("forward_origin").deepCopy());
    } else if (other.type().equals("channel")) {
      ObjectNode origin = info.putObject("origin").put("type", "channel").put("date", target.json.path("date").asLong());
      origin.set("chat", chatJson(other));
      origin.put("message_id", messageId);
    } else {
      ObjectNode origin = info.putObject("origin").put("type", "user").put("date", target.json.path("date").asLong());
      origin.set("sender_user", target.json.get("from").deepCopy());
    }
    if (other.type().equals("supergroup") || other.type().equals("channel")) {
      info.set("chat", chatJson(other));
      info.put("message_id", messageId);
    }
    for (String field : MEDIA_FIELDS) {
      if (target.json.has(field)) info.set(field, target.json.get(field).deepCopy());
    }
    return info;
  }

  /** What {@code getMe} says in {@code supports_guest_queries} (the bot's guest mode switch in @BotFather). */
  public void guestMode(boolean on) {
    this.guestMode = on;
  }

  /**
   * Starts a guest message: {@code caller} mentions the bot in {@code chat}, where the bot is no
   * member; usually as a reply ({@link MessageBuilder#replyTo}) to a voice note stored there with
   * {@link MessageBuilder#toUpdate()}. {@link MessageBuilder#send()} queues a {@code guest_message}
   * with a fresh {@code guest_query_id}, the replied-to message as {@code reply_to_message} (tdlib's
   * reference message), and from then on every method on that chat answers 403.
   */
  public MessageBuilder guestMessage(TgChat chat, TgUser caller) {
    chats.put(chat.id(), chat);
    return new MessageBuilder(this, chat, caller, JSON.createObjectNode()).asGuest();
  }

  ObjectNode storeGuest(TgChat chat, TgUser from, ObjectNode fields, Optional<Integer> replyTo) {
    if (!fields.has("text")) {
      String mention = "@" + botUsername();
      fields.put("text", mention);
      fields.putArray("entities").addObject().put("type", "mention").put("offset", 0).put("length", mention.length());
    }
    ObjectNode update = store(chat, from, fields, replyTo, Optional.empty());
    ObjectNode msg = (ObjectNode) update.remove("message");
    String queryId = Long.toString(8_000_000_000_000_000_000L + guestCounter.incrementAndGet());
    msg.put("guest_query_id", queryId);
    update.set("guest_message", msg);
    notMember.add(chat.id());
    guestQueries.put(queryId, new GuestQuery(queryId, chat.id()));
    return update;
  }

  /** Every message the bot posted as a guest (answerGuestQuery), as it stands now, oldest first. */
  public List<GuestReply> guestReplies() {
    return guestReplies.values().stream().sorted(java.util.Comparator.comparing(GuestReply::inlineMessageId)).toList();
  }

  /** The guest message that answered {@code guestQueryId}, if any. */
  public Optional<GuestReply> guestReplyTo(String guestQueryId) {
    return guestReplies.values().stream().filter(r -> r.guestQueryId().equals(guestQueryId)).findFirst();
  }

  /** Creates a forum topic (its service message); returns its {@code message_thread_id}. */
  public synchronized int createTopic(TgChat chat, TgUser creator, String name) {
    if (!chat.isForum()) throw new IllegalArgumentException("chat " + chat.id() + " is not a forum");
    chats.put(chat.id(), chat);
    ObjectNode service = JSON.createObjectNode();
    service.putObject("forum_topic_created").put("name", name).put("icon_color", 7322096);
    int id = nextMessageId(chat.id());
    service.put("message_id", id).put("message_thread_id", id).put("date", now()).put("is_topic_message", true);
    service.set("from", userJson(creator));
    service.set("chat", chatJson(chat));
    messagesOf(chat.id()).put(id, new Stored(service, false, Optional.empty(), Optional.of(id)));
    topics.computeIfAbsent(chat.id(), k -> new HashSet<>()).add(id);
    return id;
  }

  synchronized ObjectNode store(TgChat chat, @org.jspecify.annotations.Nullable TgUser from, ObjectNode fields,
      Optional<Integer> replyTo, Optional<Integer> topic) {
    ObjectNode msg = JSON.createObjectNode();
    int id = nextMessageId(chat.id());
    msg.put("message_id", id);
    if (from != null) msg.set("from", userJson(from));
    else msg.set("sender_chat", chatJson(chat)); // a channel post: "may be empty for messages sent to channels"
    if (fields.has("sender_chat")) msg.set("sender_chat", fields.get("sender_chat"));
    msg.set("chat", chatJson(chat));
    msg.put("date", now());
    if (topic.isPresent()) {
      if (!topics.getOrDefault(chat.id(), Set.of()).contains(topic.get())) {
        throw new IllegalArgumentException("no topic " + topic.get() + " in chat " + chat.id());
      }
      msg.put("message_thread_id", topic.get()).put("is_topic_message", true);
    }
    // In a topic, a message that replies to nothing replies to the topic's creation message.
    Optional<Integer> replied = replyTo.or(() -> topic);
    if (replied.isPresent()) {
      Stored target = messagesOf(chat.id()).get(replied.get());
      if (target == null) throw new IllegalArgumentException("no message " + replied.get() + " in chat " + chat.id());
      ObjectNode copy = target.json.deepCopy();
      copy.remove("reply_to_message");
      msg.set("reply_to_message", copy);
    }
    fields.properties().forEach(e -> {
      if (!e.getKey().equals("sender_chat")) msg.set(e.getKey(), e.getValue());
    });
    messagesOf(chat.id()).put(id, new Stored(msg, false, replyTo, topic));
    ObjectNode update = JSON.createObjectNode();
    synchronized (updateLock) {
      update.put("update_id", nextUpdateId++);
    }
    update.set(chat.type().equals("channel") ? "channel_post" : "message", msg);
    return update;
  }

  /** Queues an update for getUpdates, or posts it to the webhook (with its secret) when one is set. */
  public void push(ObjectNode update) {
    // Telegram never delivers an update type the bot did not ask for (allowed_updates).
    if (!allowed(update)) {
      dropped.add(update);
      return;
    }
    Optional<String> url = webhookUrl;
    if (url.isPresent()) {
      webhookDeliveries.add(postToWebhook(update, webhookSecret));
      return;
    }
    synchronized (updateLock) {
      pendingUpdates.add(update);
      updateLock.notifyAll();
    }
  }

  /**
   * Queues several updates at once, so one {@code getUpdates} answer holds them all (or posts each to
   * the webhook when one is set).
   */
  public void pushAll(List<ObjectNode> updates) {
    if (webhookUrl.isPresent()) {
      updates.forEach(this::push);
      return;
    }
    synchronized (updateLock) {
      pendingUpdates.addAll(updates);
      updateLock.notifyAll();
    }
  }

  /** The next {@code update_id}, for an update written by hand (see {@link #push(ObjectNode)}). */
  public int nextUpdateId() {
    synchronized (updateLock) {
      return nextUpdateId++;
    }
  }

  /**
   * Posts an update to the webhook URL the bot set, with {@code secret} in
   * {@code X-Telegram-Bot-Api-Secret-Token} (none when empty); returns the HTTP status.
   */
  public int postToWebhook(JsonNode update, Optional<String> secret) {
    String registered = webhookUrl.orElseThrow(() -> new IllegalStateException("no webhook is set"));
    List<String> behind = replicas;
    // A load balancer at the registered URL hands each delivery to the next replica in turn.
    String url = behind.isEmpty() ? registered
        : behind.get(Math.floorMod(nextReplica.getAndIncrement(), behind.size()));
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(update.toString(), MediaType.get("application/json")));
    secret.ifPresent(s -> request.header("X-Telegram-Bot-Api-Secret-Token", s));
    try (Response response = webhookClient().newCall(request.build()).execute()) {
      return response.code();
    } catch (IOException e) {
      return -1;
    }
  }

  private volatile List<String> replicas = List.of();
  private final java.util.concurrent.atomic.AtomicInteger nextReplica = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * The webhook URL the bot sets is a load balancer in front of {@code urls} (each replica's own
   * webhook address): deliveries go to them in turn, the first to the first. Empty: straight to the
   * registered URL.
   */
  public void behindLoadBalancer(List<String> urls) {
    replicas = List.copyOf(urls);
    nextReplica.set(0);
  }

  private OkHttpClient webhookClient() {
    OkHttpClient c = webhookClient;
    if (c == null) {
      synchronized (this) {
        c = webhookClient;
        if (c == null) webhookClient = c = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();
      }
    }
    return c;
  }

  // ---- observations ----

  /** The path of every request received, downloads and unknown paths included, in order. */
  public List<String> requestedPaths() {
    return List.copyOf(requestedPaths);
  }

  /** Every method call received, in order (file downloads excluded). */
  public List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  /** Calls of one method, matched case-insensitively. */
  public List<ApiCall> calls(String method) {
    String m = method.toLowerCase(Locale.ROOT);
    return calls.stream().filter(c -> c.method().equals(m)).toList();
  }

  /**
   * The user deletes one of the bot's messages (in a private chat anyone may, for both sides): an
   * edit of it then fails with Telegram's "message to edit not found".
   */
  public synchronized void deleteByUser(long chatId, int messageId) {
    messagesOf(chatId).remove(messageId);
  }

  /** Text messages the bot sent to the chat, oldest first, as they stand now. */
  public synchronized List<SentMessage> sentMessages(long chatId) {
    List<SentMessage> out = new ArrayList<>();
    for (Stored s : messagesOf(chatId).values()) {
      if (!s.fromBot || !s.json.has("text")) continue;
      out.add(new SentMessage(chatId, s.json.get("message_id").asInt(), s.json.get("text").asText(),
          List.copyOf(s.versions), s.replyTo, s.threadId));
    }
    out.sort(java.util.Comparator.comparingInt(SentMessage::messageId));
    return out;
  }

  /** Documents the bot sent to the chat, oldest first. */
  public List<SentDocument> sentDocuments(long chatId) {
    return documents.stream().filter(d -> d.chatId() == chatId).toList();
  }

  /** The actions of accepted {@code sendChatAction} calls to the chat. */
  public List<String> chatActions(long chatId) {
    return calls("sendChatAction").stream().filter(c -> c.ok() && c.chatId() == chatId)
        .map(c -> c.params().path("action").asText()).toList();
  }

  /** The command names of the last accepted {@code setMyCommands}. */
  public List<String> commandNames() {
    return commands.stream().map(c -> c.path("command").asText()).toList();
  }

  /** The commands of the last accepted {@code setMyCommands} without a language, as sent. */
  public List<JsonNode> commands() {
    return commands;
  }

  /** The commands of the last accepted {@code setMyCommands} for {@code languageCode}, as sent. */
  public List<JsonNode> commands(String languageCode) {
    return commandsByLanguage.getOrDefault(languageCode, List.of());
  }

  /** File downloads served, all files together. */
  public int downloads() {
    return downloadsByPath.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int downloads(TgFile file) {
    AtomicInteger n = downloadsByPath.get(file.path());
    return n == null ? 0 : n.get();
  }

  public Optional<String> webhookUrl() {
    return webhookUrl;
  }

  public Optional<String> webhookSecret() {
    return webhookSecret;
  }

  /** HTTP statuses the bot's webhook answered to updates the stand-in delivered. */
  public List<Integer> webhookDeliveries() {
    return List.copyOf(webhookDeliveries);
  }

  /** The update types the bot last asked for ({@code allowed_updates}); empty while it relies on the default. */
  public Optional<Set<String>> allowedUpdates() {
    return allowedUpdates;
  }

  /** Updates that were never delivered because the bot did not ask for their type. */
  public List<ObjectNode> droppedUpdates() {
    return List.copyOf(dropped);
  }

  /**
   * While held, file downloads are answered only when released (at most a minute): the bot is
   * killed "during the download" meanwhile.
   */
  public void holdDownloads(boolean hold) {
    synchronized (downloadHold) {
      holdDownloads = hold;
      downloadHold.notifyAll();
    }
  }

  /** File downloads asked for, held ones included. */
  public int downloadsRequested() {
    return downloadsRequested.get();
  }

  /** Updates handed out by getUpdates so far (a redelivered one counts again). */
  public int updatesDelivered() {
    return updatesDelivered.get();
  }

  /** Updates not yet confirmed by a getUpdates offset. */
  public int pendingUpdates() {
    synchronized (updateLock) {
      return pendingUpdates.size();
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (updateLock) {
      updateLock.notifyAll();
    }
    OkHttpClient c = webhookClient;
    if (c != null) {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    }
    server.close();
  }

  // ---- dispatch ----

  private MockResponse handle(RecordedRequest request) {
    if (outage) {
      // What a proxy in front of a down Bot API answers: not Telegram's JSON, an HTML page.
      return new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
          .body("<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>").build();
    }
    String path = request.getUrl().encodedPath();
    requestedPaths.add(path);
    Matcher file = FILE_PATH.matcher(path);
    if (file.matches()) return download(file.group(1), file.group(2));
    Matcher m = METHOD_PATH.matcher(path);
    if (!m.matches()) return error(404, "Not Found");
    String method = m.group(2).toLowerCase(Locale.ROOT);
    Params params;
    try {
      params = params(request);
    } catch (IllegalArgumentException e) {
      return record(method, JSON.createObjectNode(), List.of(), error(400, "Bad Request: " + e.getMessage()), 400);
    }
    if (!m.group(1).equals(token)) {
      return record(method, params.values, params.files, error(401, "Unauthorized"), 401);
    }
    for (Outage o : outages) {
      if (!o.method().equals(method) || !o.active().getAsBoolean()) continue;
      if (o.code() == 0) {
        calls.add(new ApiCall(method, params.values, params.files, 0, System.nanoTime()));
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build();
      }
      return record(method, params.values, params.files, error(o.code(), o.description()), o.code());
    }
    Optional<Fault> fault = nextFault(method);
    if (fault.isPresent()) {
      Fault f = fault.get();
      ObjectNode body = errorBody(f.code(), f.description());
      f.retryAfter().ifPresent(s -> body.putObject("parameters").put("retry_after", s));
      return record(method, params.values, params.files, json(f.code(), body), f.code());
    }
    Answer answer;
    try {
      answer = call(method, params);
    } catch (BadRequest e) {
      answer = new Answer(400, errorBody(400, "Bad Request: " + e.getMessage()));
    } catch (Forbidden e) {
      answer = new Answer(403, errorBody(403, "Forbidden: " + e.getMessage()));
    }
    return record(method, params.values, params.files, json(answer.status, answer.body), answer.status);
  }

  private MockResponse record(String method, JsonNode params, List<ApiCall.UploadedFile> files, MockResponse response, int status) {
    calls.add(new ApiCall(method, params, files, status, System.nanoTime()));
    return response;
  }

  private synchronized Optional<Fault> nextFault(String method) {
    Deque<Fault> queue = faults.get(method);
    return queue == null ? Optional.empty() : Optional.ofNullable(queue.poll());
  }

  private record Answer(int status, JsonNode body) {}

  private Answer call(String method, Params p) {
    return switch (method) {
      case "getme" -> ok(userJson(bot).put("can_join_groups", true).put("can_read_all_group_messages", false)
          .put("supports_inline_queries", false).put("supports_guest_queries", guestMode)
          .put("can_connect_to_business", false).put("has_main_web_app", false));
      case "answerguestquery" -> answerGuestQuery(p.values);
      case "getupdates" -> getUpdates(p.values);
      case "deletewebhook" -> deleteWebhook(p.values);
      case "setwebhook" -> setWebhook(p.values);
      case "getwebhookinfo" -> getWebhookInfo();
      case "getfile" -> getFile(p.values);
      case "sendmessage" -> sendMessage(p.values);
      case "editmessagetext" -> editMessageText(p.values);
      case "senddocument" -> sendDocument(p);
      case "sendchataction" -> sendChatAction(p.values);
      case "setmycommands" -> setMyCommands(p.values);
      case "getmycommands" -> ok(JSON.valueToTree(commands));
      case "getchatmember" -> getChatMember(p.values);
      case "answercallbackquery" -> answerCallbackQuery(p.values);
      case "setmessagereaction" -> setMessageReaction(p.values);
      default -> new Answer(404, errorBody(404, "Not Found"));
    };
  }

  /** Counts getUpdates calls, so a newer one can end the held one as Telegram does. */
  private long pollGeneration;
  private final java.util.concurrent.atomic.AtomicInteger pollConflicts = new java.util.concurrent.atomic.AtomicInteger();

  /** How many held getUpdates a newer one ended with 409 (two bot instances polling at once). */
  public int pollConflicts() {
    return pollConflicts.get();
  }

  private Answer getUpdates(JsonNode p) {
    if (webhookUrl.isPresent()) {
      return new Answer(409, errorBody(409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
    }
    rememberAllowedUpdates(p);
    long mine;
    synchronized (updateLock) {
      // Telegram serves one getUpdates per bot: a newer one ends the one still held.
      mine = ++pollGeneration;
      updateLock.notifyAll();
    }
    long offset = p.path("offset").asLong(0);
    int limit = Math.max(1, Math.min(100, p.path("limit").asInt(100)));
    int timeout = Math.max(0, p.path("timeout").asInt(0));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
    ArrayNode result = JSON.createArrayNode();
    synchronized (updateLock) {
      if (offset > 0) pendingUpdates.removeIf(u -> u.get("update_id").asLong() < offset);
      pendingUpdates.removeIf(u -> {
        boolean drop = !allowed(u);
        if (drop) dropped.add(u);
        return drop;
      });
      while (true) {
        if (pollGeneration != mine) {
          pollConflicts.incrementAndGet();
          return new Answer(409, errorBody(409,
              "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
        }
        for (ObjectNode u : pendingUpdates) {
          if (result.size() < limit && u.get("update_id").asLong() >= offset) result.add(u);
        }
        if (!result.isEmpty() || closed || outage) break;
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        try {
          updateLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    updatesDelivered.addAndGet(result.size());
    return ok(result);
  }

  /** "If not specified, the previous setting will be used"; an empty list means the default set. */
  private void rememberAllowedUpdates(JsonNode p) {
    JsonNode list = p.get("allowed_updates");
    if (list == null || list.isNull()) return;
    if (!list.isArray()) throw new BadRequest("can't parse allowed updates JSON object");
    Set<String> types = new HashSet<>();
    list.forEach(t -> types.add(t.asText()));
    allowedUpdates = types.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(types));
  }

  private boolean allowed(JsonNode update) {
    String type = kind(update);
    return allowedUpdates.map(a -> a.contains(type)).orElse(!NOT_BY_DEFAULT.contains(type));
  }

  /** An update's type: its one field besides {@code update_id}. */
  static String kind(JsonNode update) {
    for (var it = update.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("update_id")) return name;
    }
    return "";
  }

  private Answer deleteWebhook(JsonNode p) {
    webhookUrl = Optional.empty();
    webhookSecret = Optional.empty();
    if (p.path("drop_pending_updates").asBoolean(false)) {
      synchronized (updateLock) {
        pendingUpdates.clear();
      }
    }
    return ok(JSON.getNodeFactory().booleanNode(true));
  }

  private Answer setWebhook(JsonNode p) {
    String url = p.path("url").asText("");
    if (url.isEmpty()) return deleteWebhook(p);
    if (!url.startsWith("https://") && !url.startsWith("http://127.0.0.1") && !url.startsWith("http://localhost")) {
      throw new BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
    }
    Optional<String> secret = Optional.ofNullable(p.get("secret_token")).map(JsonNode::asText);
    if (secret.isPresent() && !SECRET.matcher(secret.get()).matches()) {
      throw new BadRequest("secret token contains unallowed characters");
    }
    rememberAllowedUpdates(p);
    webhookUrl = Optional.of(url);
    webhookSecret = secret;
    return ok(JSON.getNodeFactory().booleanNode(true));
  }

  private Answer getWebhookInfo() {
    ObjectNode info = JSON.createObjectNode().put("url", webhookUrl.orElse("")).put("has_custom_certificate", false)
        .put("pending_update_count", pendingUpdates());
    return ok(info);
  }

  private Answer getFile(JsonNode p) {
    TgFile file = filesById.get(p.path("file_id").asText(""));
    if (file == null) throw new BadRequest("invalid file_id");
    if (file.size() > MAX_DOWNLOAD_BYTES) throw new BadRequest("file is too big");
    return ok(JSON.createObjectNode().put("file_id", file.fileId()).put("file_unique_id", file.fileUniqueId())
        .put("file_size", file.size()).put("file_path", file.path()));
  }

  private MockResponse download(String pathToken, String path) {
    if (!pathToken.equals(token)) return error(401, "Unauthorized");
    String location = redirects.get(path);
    if (location != null) {
      downloadsByPath.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      return new MockResponse.Builder().code(302).setHeader("Location", location).build();
    }
    byte[] data = contentByPath.get(path);
    if (data == null) return error(404, "Not Found");
    downloadsRequested.incrementAndGet();
    synchronized (downloadHold) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (holdDownloads && !closed && System.nanoTime() < until) {
        try {
          downloadHold.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    downloadsByPath.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/octet-stream")
        .body(new Buffer().write(data)).build();
  }

  private synchronized Answer sendMessage(JsonNode p) {
    TgChat chat = chat(p);
    String raw = p.path("text").asText("");
    if (raw.isBlank()) throw new BadRequest("message text is empty");
    HtmlText.Parsed parsed = formatted(raw, p);
    String text = parsed.text();
    if (text.isBlank()) throw new BadRequest("message text is empty");
    if (text.length() > MAX_TEXT) throw new BadRequest("message is too long");
    refuseUnencodable(text);
    Optional<JsonNode> markup = inlineKeyboard(p);
    Optional<Integer> replyTo = replyTo(chat, p);
    Optional<Integer> thread = thread(chat, p);
    ObjectNode msg = botMessage(chat, thread, replyTo);
    msg.put("text", text);
    entities(msg, parsed);
    markup.ifPresent(m -> msg.set("reply_markup", m));
    messagesOf(chat.id()).put(msg.get("message_id").asInt(), new Stored(msg, true, replyTo, thread));
    return ok(msg);
  }

  /** The text as shown: HTML parsed (strictly, as the server does), plain text as it is. */
  private static HtmlText.Parsed formatted(String raw, JsonNode p) {
    String mode = p.path("parse_mode").asText("");
    if (mode.isEmpty()) return new HtmlText.Parsed(raw, List.of());
    if (!mode.equalsIgnoreCase("html")) {
      // MarkdownV2 and Markdown exist too; this stand-in does not parse them, so nothing may rely on them here.
      throw new BadRequest("unsupported parse_mode " + mode + " in the stand-in");
    }
    try {
      return HtmlText.parse(raw);
    } catch (HtmlText.Unparsable e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private static void entities(ObjectNode msg, HtmlText.Parsed parsed) {
    msg.remove("entities");
    if (parsed.entities().isEmpty()) return;
    ArrayNode array = msg.putArray("entities");
    for (HtmlText.Entity e : parsed.entities()) {
      array.addObject().put("type", e.type()).put("offset", e.offset()).put("length", e.length());
    }
  }

  /**
   * {@code reply_markup} as the server checks an inline keyboard: rows of buttons, each with a text
   * and exactly one action; {@code callback_data} 1-64 bytes.
   */
  private static Optional<JsonNode> inlineKeyboard(JsonNode p) {
    JsonNode markup = p.get("reply_markup");
    if (markup == null || markup.isNull()) return Optional.empty();
    JsonNode rows = markup.get("inline_keyboard");
    if (rows == null || !rows.isArray()) throw new BadRequest("can't parse reply keyboard markup JSON object");
    for (JsonNode row : rows) {
      if (!row.isArray()) throw new BadRequest("can't parse inline keyboard button: InlineKeyboardButton row must be an array");
      for (JsonNode button : row) {
        if (button.path("text").asText("").isEmpty()) throw new BadRequest("BUTTON_TEXT_INVALID");
        boolean callback = button.has("callback_data");
        boolean url = button.has("url");
        if (callback == url) throw new BadRequest("can't parse inline keyboard button: exactly one of the optional fields must be used");
        if (callback) {
          int bytes = button.get("callback_data").asText("").getBytes(StandardCharsets.UTF_8).length;
          if (bytes < 1 || bytes > 64) throw new BadRequest("BUTTON_DATA_INVALID");
        }
      }
    }
    return Optional.of(markup);
  }

  private synchronized Answer editMessageText(JsonNode p) {
    if (!p.hasNonNull("chat_id") && !p.hasNonNull("message_id")) return editInlineMessageText(p);
    TgChat chat = chat(p);
    Stored target = messagesOf(chat.id()).get(p.path("message_id").asInt(-1));
    if (target == null || !target.fromBot || !target.json.has("text")) throw new BadRequest("message to edit not found");
    String raw = p.path("text").asText("");
    if (raw.isBlank()) throw new BadRequest("text must be non-empty");
    HtmlText.Parsed parsed = formatted(raw, p);
    String text = parsed.text();
    if (text.isBlank()) throw new BadRequest("text must be non-empty");
    if (text.length() > MAX_TEXT) throw new BadRequest("MESSAGE_TOO_LONG");
    refuseUnencodable(text);
    Optional<JsonNode> markup = inlineKeyboard(p);
    if (text.equals(target.json.get("text").asText()) && markup.isEmpty()) {
      throw new BadRequest("message is not modified: specified new message content and reply markup are exactly "
          + "the same as a current content and reply markup of the message");
    }
    target.json.put("text", text).put("edit_date", now());
    entities(target.json, parsed);
    // An edit without reply_markup removes the keyboard, as on the real server.
    if (markup.isPresent()) target.json.set("reply_markup", markup.get());
    else target.json.remove("reply_markup");
    target.versions.add(text);
    return ok(target.json);
  }

  /**
   * answerGuestQuery as tdlib/telegram-bot-api 10.0 checks it: the query must be one the stand-in
   * sent and not answered yet; {@code result} is one InlineQueryResult object with {@code type} and
   * {@code id}; an article needs a {@code title} and {@code input_message_content.message_text}
   * (1-4096 characters). Answers {@code SentGuestMessage} with its {@code inline_message_id}.
   */
  private Answer answerGuestQuery(JsonNode p) {
    JsonNode result = p.get("result");
    if (result == null || result.isNull() || (result.isTextual() && result.asText().isEmpty())) {
      throw new BadRequest("Result isn't specified");
    }
    if (!result.isObject()) throw new BadRequest("Inline query result must be an object");
    String type = requiredString(result, "type").toLowerCase(Locale.ROOT);
    String id = requiredString(result, "id");
    if (id.getBytes(StandardCharsets.UTF_8).length > 64) throw new BadRequest("RESULT_ID_INVALID");
    if (!type.equals("article")) throw new BadRequest("the stand-in only knows article results, got " + type);
    JsonNode content = result.get("input_message_content");
    String text;
    if (content == null || content.isNull()) {
      text = requiredString(result, "message_text"); // the legacy shape
    } else {
      if (!content.isObject()) throw new BadRequest("Field \"input_message_content\" must be of type Object");
      text = requiredString(content, "message_text");
    }
    requiredString(result, "title");
    if (text.isEmpty()) throw new BadRequest("Message text is empty");
    if (text.length() > MAX_TEXT) throw new BadRequest("MESSAGE_TOO_LONG");
    GuestQuery query = guestQueries.get(p.path("guest_query_id").asText(""));
    synchronized (this) {
      if (query == null || query.answered) {
        throw new BadRequest("query is too old and response timeout expired or query ID is invalid");
      }
      query.answered = true;
    }
    Optional<JsonNode> markup = inlineKeyboard(result);
    String inlineId = "AgAAA" + Long.toHexString(query.chatId & 0xffffffffL) + "Gst" + guestCounter.incrementAndGet();
    guestReplies.put(inlineId, new GuestReply(query.id, query.chatId, inlineId, text));
    markup.ifPresent(m -> guestKeyboards.put(inlineId, m));
    return ok(JSON.createObjectNode().put("inline_message_id", inlineId));
  }

  private synchronized Answer editInlineMessageText(JsonNode p) {
    String inlineId = p.path("inline_message_id").asText("");
    if (inlineId.isEmpty()) throw new BadRequest("Message identifier is not specified");
    GuestReply reply = guestReplies.get(inlineId);
    if (reply == null) throw new BadRequest("MESSAGE_ID_INVALID");
    String text = p.path("text").asText("");
    if (text.isBlank()) throw new BadRequest("Message text is empty");
    if (text.length() > MAX_TEXT) throw new BadRequest("MESSAGE_TOO_LONG");
    Optional<JsonNode> markup = inlineKeyboard(p);
    if (text.equals(reply.text()) && markup.map(m -> m.equals(guestKeyboards.get(inlineId))).orElse(!guestKeyboards.containsKey(inlineId))) {
      throw new BadRequest("message is not modified: specified new message content and reply markup are exactly "
          + "the same as a current content and reply markup of the message");
    }
    guestReplies.put(inlineId, reply.edited(text));
    // As for chat messages: an edit without reply_markup takes the keyboard away.
    if (markup.isPresent()) guestKeyboards.put(inlineId, markup.get());
    else guestKeyboards.remove(inlineId);
    // For inline messages editMessageText answers True, not the message.
    return ok(JSON.getNodeFactory().booleanNode(true));
  }

  private static String requiredString(JsonNode object, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) throw new BadRequest("Can't find field \"" + field + "\"");
    if (!v.isTextual()) throw new BadRequest("Field \"" + field + "\" must be of type String");
    return v.asText();
  }

  private synchronized Answer sendDocument(Params p) {
    TgChat chat = chat(p.values);
    // The file is the part named "document", or the part a value of "attach://<name>" points at.
    String ref = p.values.path("document").asText("");
    String field = ref.startsWith("attach://") ? ref.substring("attach://".length()) : "document";
    Optional<ApiCall.UploadedFile> upload = p.files.stream().filter(f -> f.field().equals(field)).findFirst();
    if (upload.isEmpty()) {
      throw new BadRequest(ref.isEmpty()
          ? "there is no document in the request" : "wrong remote file identifier specified: can't unserialize it");
    }
    if (upload.get().data().length == 0) throw new BadRequest("file must be non-empty");
    Optional<String> caption = Optional.ofNullable(p.values.get("caption")).map(JsonNode::asText);
    if (caption.isPresent() && caption.get().length() > MAX_CAPTION) throw new BadRequest("message caption is too long");
    Optional<JsonNode> markup = inlineKeyboard(p.values);
    Optional<Integer> replyTo = replyTo(chat, p.values);
    Optional<Integer> thread = thread(chat, p.values);
    ObjectNode msg = botMessage(chat, thread, replyTo);
    markup.ifPresent(m -> msg.set("reply_markup", m));
    ApiCall.UploadedFile f = upload.get();
    msg.putObject("document").put("file_id", "BQACdoc" + fileCounter.incrementAndGet())
        .put("file_unique_id", "AgADdoc" + fileCounter.get()).put("file_name", f.filename())
        .put("mime_type", f.contentType()).put("file_size", f.data().length);
    caption.ifPresent(c -> msg.put("caption", c));
    int id = msg.get("message_id").asInt();
    messagesOf(chat.id()).put(id, new Stored(msg, true, replyTo, thread));
    documents.add(new SentDocument(chat.id(), id, f.filename(), f.contentType(), f.data(), caption, replyTo, thread));
    return ok(msg);
  }

  private Answer sendChatAction(JsonNode p) {
    TgChat chat = chat(p);
    if (!CHAT_ACTIONS.contains(p.path("action").asText(""))) throw new BadRequest("wrong parameter action in request");
    synchronized (this) {
      thread(chat, p);
    }
    return ok(JSON.getNodeFactory().booleanNode(true));
  }

  private Answer setMyCommands(JsonNode p) {
    JsonNode list = p.path("commands");
    if (!list.isArray()) throw new BadRequest("can't parse commands JSON object");
    if (list.size() > 100) throw new BadRequest("too many commands");
    List<JsonNode> accepted = new ArrayList<>();
    for (JsonNode c : list) {
      if (!COMMAND.matcher(c.path("command").asText("")).matches()) throw new BadRequest("BOT_COMMAND_INVALID");
      int d = c.path("description").asText("").length();
      if (d < 1 || d > 256) throw new BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      accepted.add(c);
    }
    String language = p.path("language_code").asText("");
    // Bot API: "A two-letter ISO 639-1 language code", or empty for everyone without a dedicated menu.
    if (!language.isEmpty() && !language.matches("[a-z]{2}")) throw new BadRequest("language code is invalid");
    if (language.isEmpty()) commands = List.copyOf(accepted);
    else commandsByLanguage.put(language, List.copyOf(accepted));
    return ok(JSON.getNodeFactory().booleanNode(true));
  }

  private Answer getChatMember(JsonNode p) {
    TgChat chat = chat(p);
    long userId = p.path("user_id").asLong(0);
    if (userId == 0) throw new BadRequest("user_id is empty");
    String status = memberStatus.getOrDefault(chat.id() + ":" + userId, "member");
    ObjectNode member = JSON.createObjectNode().put("status", status);
    member.set("user", userJson(new TgUser(userId, "User" + userId, Optional.empty(), false)));
    if (status.equals("administrator")) {
      member.put("can_be_edited", false).put("is_anonymous", false).put("can_manage_chat", true)
          .put("can_delete_messages", true).put("can_manage_video_chats", true).put("can_restrict_members", true)
          .put("can_promote_members", false).put("can_change_info", true).put("can_invite_users", true)
          .put("can_post_stories", false).put("can_edit_stories", false).put("can_delete_stories", false);
    } else if (status.equals("creator")) {
      member.put("is_anonymous", false);
    }
    return ok(member);
  }

  // ---- buttons and reactions ----

  /**
   * Someone presses the button with {@code data} under the bot's message {@code messageId}: a
   * {@code callback_query} update with the presser's {@code language_code}; returns its id, which
   * the bot must answer with answerCallbackQuery.
   */
  public String pressButton(TgChat chat, TgUser presser, int messageId, String data, Optional<String> languageCode) {
    ObjectNode query = JSON.createObjectNode();
    String id = Long.toString(4_000_000_000_000_000_000L + callbackCounter.incrementAndGet());
    synchronized (this) {
      Stored message = messagesOf(chat.id()).get(messageId);
      if (message == null || !message.fromBot) throw new IllegalArgumentException("no bot message " + messageId + " in chat " + chat.id());
      boolean hasButton = false;
      for (JsonNode row : message.json.path("reply_markup").path("inline_keyboard")) {
        for (JsonNode b : row) hasButton |= data.equals(b.path("callback_data").asText(null));
      }
      if (!hasButton) throw new IllegalArgumentException("message " + messageId + " has no button with data " + data);
      query.put("id", id);
      ObjectNode from = userJson(presser);
      languageCode.ifPresent(l -> from.put("language_code", l));
      query.set("from", from);
      query.set("message", message.json.deepCopy());
      query.put("chat_instance", Long.toString(chat.id() * 31 + 7));
      query.put("data", data);
      openCallbacks.add(id);
    }
    ObjectNode update = JSON.createObjectNode();
    synchronized (updateLock) {
      update.put("update_id", nextUpdateId++);
    }
    update.set("callback_query", query);
    push(update);
    return id;
  }

  /**
   * Someone presses the button with {@code data} under a guest message: as Telegram sends it for an
   * inline message, the {@code callback_query} has {@code inline_message_id} and no {@code message}
   * (the bot is no member of that chat). Returns the query's id.
   */
  public String pressGuestButton(String inlineMessageId, TgUser presser, String data, Optional<String> languageCode) {
    JsonNode markup = guestKeyboards.get(inlineMessageId);
    boolean hasButton = false;
    if (markup != null) {
      for (JsonNode row : markup.path("inline_keyboard")) {
        for (JsonNode b : row) hasButton |= data.equals(b.path("callback_data").asText(null));
      }
    }
    if (!hasButton) throw new IllegalArgumentException("guest message " + inlineMessageId + " has no button with data " + data);
    String id = Long.toString(4_000_000_000_000_000_000L + callbackCounter.incrementAndGet());
    ObjectNode query = JSON.createObjectNode();
    query.put("id", id);
    ObjectNode from = userJson(presser);
    languageCode.ifPresent(l -> from.put("language_code", l));
    query.set("from", from);
    query.put("inline_message_id", inlineMessageId);
    query.put("chat_instance", Long.toString(inlineMessageId.hashCode() * 31L + 7));
    query.put("data", data);
    openCallbacks.add(id);
    ObjectNode update = JSON.createObjectNode();
    synchronized (updateLock) {
      update.put("update_id", nextUpdateId++);
    }
    update.set("callback_query", query);
    push(update);
    return id;
  }

  /** The inline keyboard under a guest message: rows of {@code [text, callback_data]}. */
  public List<List<List<String>>> guestKeyboard(String inlineMessageId) {
    List<List<List<String>>> rows = new ArrayList<>();
    JsonNode markup = guestKeyboards.get(inlineMessageId);
    if (markup == null) return rows;
    for (JsonNode row : markup.path("inline_keyboard")) {
      List<List<String>> buttons = new ArrayList<>();
      for (JsonNode b : row) buttons.add(List.of(b.path("text").asText(), b.path("callback_data").asText("")));
      rows.add(buttons);
    }
    return rows;
  }

  /** The answer the bot gave to a callback query, when it answered. */
  public Optional<JsonNode> callbackAnswer(String callbackQueryId) {
    return Optional.ofNullable(callbackAnswers.get(callbackQueryId));
  }

  /** The inline keyboard under a bot message: rows of {@code [text, callback_data]}. */
  public synchronized List<List<List<String>>> keyboard(long chatId, int messageId) {
    Stored s = messagesOf(chatId).get(messageId);
    List<List<List<String>>> rows = new ArrayList<>();
    if (s == null) return rows;
    for (JsonNode row : s.json.path("reply_markup").path("inline_keyboard")) {
      List<List<String>> buttons = new ArrayList<>();
      for (JsonNode b : row) buttons.add(List.of(b.path("text").asText(), b.path("callback_data").asText("")));
      rows.add(buttons);
    }
    return rows;
  }

  /** The formatting entities of a bot message as the server parsed them ({@code expandable_blockquote}, …). */
  public synchronized List<HtmlText.Entity> entities(long chatId, int messageId) {
    Stored s = messagesOf(chatId).get(messageId);
    List<HtmlText.Entity> out = new ArrayList<>();
    if (s == null) return out;
    for (JsonNode e : s.json.path("entities")) {
      out.add(new HtmlText.Entity(e.path("type").asText(), e.path("offset").asInt(), e.path("length").asInt()));
    }
    return out;
  }

  /** The bot's reaction on a message now (empty when none), and every change it made, oldest first. */
  public synchronized List<String> reactionHistory(long chatId, int messageId) {
    return List.copyOf(reactions.getOrDefault(chatId + ":" + messageId, List.of()));
  }

  public synchronized Optional<String> reaction(long chatId, int messageId) {
    List<String> h = reactions.getOrDefault(chatId + ":" + messageId, List.of());
    return h.isEmpty() || h.get(h.size() - 1).isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
  }

  private Answer answerCallbackQuery(JsonNode p) {
    String id = p.path("callback_query_id").asText("");
    if (!openCallbacks.remove(id)) {
      throw new BadRequest("query is too old and response timeout expired or query ID is invalid");
    }
    if (p.path("text").asText("").length() > 200) throw new BadRequest("MESSAGE_TOO_LONG");
    callbackAnswers.put(id, p.deepCopy());
    return ok(JSON.getNodeFactory().booleanNode(true));
  }

  /** The emoji a bot may react with (ReactionTypeEmoji, Bot API 10). */
  private static final Set<String> REACTIONS = Set.of("❤", "👍", "👎", "🔥", "🥰", "👏", "😁", "🤔", "🤯", "😱", "🤬",
      "😢", "🎉", "🤩", "🤮", "💩", "🙏", "👌", "🕊", "🤡", "🥱", "🥴", "😍", "🐳", "❤‍🔥", "🌚", "🌭", "💯", "🤣", "⚡",
      "🍌", "🏆", "💔", "🤨", "😐", "🍓", "🍾", "💋", "🖕", "😈", "😴", "😭", "🤓", "👻", "👨‍💻", "👀", "🎃", "🙈", "😇",
      "😨", "🤝", "✍", "🤗", "🫡", "🎅", "🎄", "☃", "💅", "🤪", "🗿", "🆒", "💘", "🙉", "🦄", "😘", "💊", "🙊", "😎",
      "👾", "🤷‍♂", "🤷", "🤷‍♀", "😡");

  private synchronized Answer setMessageReaction(JsonNode p) {
    TgChat chat = chat(p);
    int messageId = p.path("message_id").asInt(-1);
    if (!messagesOf(chat.id()).containsKey(messageId)) throw new BadRequest("message to react not found");
    JsonNode reaction = p.path("reaction");
    String emoji = "";
    if (!reaction.isMissingNode() && !reaction.isNull()) {
      if (!reaction.isArray()) throw new BadRequest("can't parse reaction types JSON object");
      if (reaction.size() > 1) throw new BadRequest("REACTIONS_TOO_MANY");
      if (reaction.size() == 1) {
        JsonNode r = reaction.get(0);
        if (!"emoji".equals(r.path("type").asText()) || !REACTIONS.contains(r.path("emoji").asText())) {
          throw new BadRequest("REACTION_INVALID");
        }
        emoji = r.path("emoji").asText();
      }
    }
    reactions.computeIfAbsent(chat.id() + ":" + messageId, k -> new ArrayList<>()).add(emoji);
    return ok(JSON.getNodeFactory().booleanNode(true));
  }

  // ---- helpers ----

  /** As the Bot API does: a NUL or an unpaired surrogate in a text is refused, not shown. */
  private static void refuseUnencodable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (c == 0 || (Character.isSurrogate(c) && !paired)) throw new BadRequest("strings must be encoded in UTF-8");
      if (paired) i++;
    }
  }

  private TgChat chat(JsonNode p) {
    JsonNode id = p.get("chat_id");
    if (id == null || id.asText().isEmpty()) throw new BadRequest("chat_id is empty");
    TgChat chat = chats.get(id.asLong());
    if (notMember.contains(id.asLong())) {
      throw new Forbidden("bot is not a member of the " + (chat != null && chat.type().equals("channel")
          ? "channel chat" : chat != null && chat.type().equals("supergroup") ? "supergroup chat" : "group chat"));
    }
    // A user's id is a private chat with the bot only once they started it.
    if (chat == null && id.asLong() > 0) throw new Forbidden("bot can't initiate conversation with a user");
    if (chat == null) throw new BadRequest("chat not found");
    return chat;
  }

  private Optional<Integer> replyTo(TgChat chat, JsonNode p) {
    JsonNode params = p.path("reply_parameters");
    Optional<Integer> target = Optional.empty();
    boolean allowWithout = false;
    if (params.isObject()) {
      target = Optional.of(params.path("message_id").asInt(-1));
      allowWithout = params.path("allow_sending_without_reply").asBoolean(false);
    } else if (p.has("reply_to_message_id")) {
      target = Optional.of(p.path("reply_to_message_id").asInt(-1));
      allowWithout = p.path("allow_sending_without_reply").asBoolean(false);
    }
    if (target.isPresent() && !messagesOf(chat.id()).containsKey(target.get())) {
      if (!allowWithout) throw new BadRequest("message to be replied not found");
      return Optional.empty();
    }
    return target;
  }

  private Optional<Integer> thread(TgChat chat, JsonNode p) {
    if (!p.hasNonNull("message_thread_id")) return Optional.empty();
    int thread = p.get("message_thread_id").asInt();
    if (!chat.isForum() || !topics.getOrDefault(chat.id(), Set.of()).contains(thread)) {
      throw new BadRequest("message thread not found");
    }
    return Optional.of(thread);
  }

  private ObjectNode botMessage(TgChat chat, Optional<Integer> thread, Optional<Integer> replyTo) {
    ObjectNode msg = JSON.createObjectNode();
    msg.put("message_id", nextMessageId(chat.id()));
    msg.set("from", userJson(bot));
    msg.set("chat", chatJson(chat));
    msg.put("date", now());
    thread.ifPresent(t -> msg.put("message_thread_id", t).put("is_topic_message", true));
    replyTo.ifPresent(r -> {
      ObjectNode copy = messagesOf(chat.id()).get(r).json.deepCopy();
      copy.remove("reply_to_message");
      msg.set("reply_to_message", copy);
    });
    return msg;
  }

  private Map<Integer, Stored> messagesOf(long chatId) {
    return messages.computeIfAbsent(chatId, k -> new LinkedHashMap<>());
  }

  private synchronized int nextMessageId(long chatId) {
    return messageIds.computeIfAbsent(chatId, k -> new AtomicInteger(100)).incrementAndGet();
  }

  long now() {
    return Instant.now().getEpochSecond();
  }

  ObjectNode userJson(TgUser user) {
    ObjectNode u = JSON.createObjectNode().put("id", user.id()).put("is_bot", user.isBot())
        .put("first_name", user.firstName());
    user.languageCode().ifPresent(l -> u.put("language_code", l));
    user.username().ifPresent(n -> u.put("username", n));
    return u;
  }

  ObjectNode chatJson(TgChat chat) {
    ObjectNode c = JSON.createObjectNode().put("id", chat.id()).put("type", chat.type());
    chat.title().ifPresent(t -> c.put("title", t));
    chat.firstName().ifPresent(n -> c.put("first_name", n));
    if (chat.isForum()) c.put("is_forum", true);
    return c;
  }

  private static Answer ok(JsonNode result) {
    ObjectNode body = JSON.createObjectNode().put("ok", true);
    body.set("result", result);
    return new Answer(200, body);
  }

  private static ObjectNode errorBody(int code, String description) {
    return JSON.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
  }

  private static MockResponse error(int code, String description) {
    return json(code, errorBody(code, description));
  }

  private static MockResponse json(int status, JsonNode body) {
    return new MockResponse.Builder().code(status)
        .headers(Headers.of("Content-Type", "application/json"))
        .body(body.toString()).build();
  }

  // ---- parameters ----

  private record Params(ObjectNode values, List<ApiCall.UploadedFile> files) {}

  private static Params params(RecordedRequest request) {
    ObjectNode values = JSON.createObjectNode();
    List<ApiCall.UploadedFile> files = new ArrayList<>();
    okhttp3.HttpUrl url = request.getUrl();
    for (String name : url.queryParameterNames()) {
      String v = url.queryParameter(name);
      if (v != null) values.set(name, value(v));
    }
    ByteString body = request.getBody();
    String contentType = Optional.ofNullable(request.getHeaders().get("Content-Type")).orElse("")
        .toLowerCase(Locale.ROOT);
    if (body == null || body.size() == 0) return new Params(values, files);
    if (contentType.startsWith("application/json")) {
      try {
        JsonNode json = JSON.readTree(body.utf8());
        if (json == null || !json.isObject()) throw new IllegalArgumentException("expected a JSON object");
        values.setAll((ObjectNode) json);
      } catch (IOException e) {
        throw new IllegalArgumentException("can't parse JSON body");
      }
    } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
      for (String pair : body.utf8().split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        values.set(k, value(v));
      }
    } else if (contentType.startsWith("multipart/form-data")) {
      multipart(body, request.getHeaders().get("Content-Type"), values, files);
    } else {
      throw new IllegalArgumentException("unsupported Content-Type " + contentType);
    }
    return new Params(values, files);
  }

  private static void multipart(ByteString body, @org.jspecify.annotations.Nullable String contentType, ObjectNode values,
      List<ApiCall.UploadedFile> files) {
    for (Multipart.Part part : Multipart.parse(body, contentType)) {
      if (part.isFile()) {
        files.add(new ApiCall.UploadedFile(part.name(), part.filename().get(),
            part.contentType().orElse("application/octet-stream"), part.data()));
      } else {
        values.set(part.name(), value(part.text()));
      }
    }
  }


  /** Form values that hold JSON-serialized objects or arrays are parsed; everything else stays text. */
  private static JsonNode value(String v) {
    String t = v.strip();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        return JSON.readTree(t);
      } catch (IOException e) {
        return TextNode.valueOf(v);
      }
    }
    return TextNode.valueOf(v);
  }

  private static final class Forbidden extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Forbidden(String message) {
      super(message, null, false, false);
    }
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
