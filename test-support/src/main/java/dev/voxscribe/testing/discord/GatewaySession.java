package dev.voxscribe.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway connection: HELLO on open, IDENTIFY answered with READY and a GUILD_CREATE for each
 * server of its shard (or closed with 4004 for a wrong token, 4010 for a malformed {@code shard},
 * 4011 for too few shards, 4014 for a denied privileged intent), heartbeats acknowledged,
 * RESUME refused with INVALID_SESSION so the client identifies again.
 */
final class GatewaySession extends WebSocketListener {
  private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);
  /** Discord's usual interval; the tests never run long enough to need a heartbeat. */
  static final int HEARTBEAT_INTERVAL_MS = 41_250;

  private final FakeDiscord discord;
  private final int number;
  private volatile @Nullable WebSocket socket;
  private volatile boolean ready;
  private volatile Optional<Integer> intents = Optional.empty();
  private volatile Optional<java.util.List<Integer>> shard = Optional.empty();
  private long sequence;

  GatewaySession(FakeDiscord discord, int number) {
    this.discord = discord;
    this.number = number;
  }

  boolean isReady() {
    return ready;
  }

  Optional<Integer> identifiedIntents() {
    return intents;
  }

  /** {@code [shard_id, num_shards]} of the IDENTIFY, once one came ({@code [0, 1]} when it had none). */
  Optional<java.util.List<Integer>> shard() {
    return shard;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    this.socket = webSocket;
    ObjectNode hello = Payloads.F.objectNode().put("op", 10).putNull("s").putNull("t");
    hello.putObject("d").put("heartbeat_interval", HEARTBEAT_INTERVAL_MS);
    webSocket.send(hello.toString());
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    onMessage(webSocket, bytes.utf8());
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    JsonNode frame;
    try {
      frame = FakeDiscord.JSON.readTree(text);
    } catch (IOException e) {
      webSocket.close(4002, "Error while decoding payload.");
      return;
    }
    switch (frame.path("op").asInt(-1)) {
      case 1 -> webSocket.send("{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
      case 2 -> identify(webSocket, frame.path("d"));
      case 6 -> webSocket.send("{\"op\":9,\"d\":false,\"s\":null,\"t\":null}");
      case 3, 4, 8 -> { } // presence, voice state, member requests: nothing to answer here
      default -> webSocket.close(4001, "Unknown opcode.");
    }
  }

  private void identify(WebSocket webSocket, JsonNode d) {
    String token = d.path("token").asText("");
    if (token.startsWith("Bot ")) token = token.substring(4);
    int requested = d.path("intents").asInt(0);
    intents = Optional.of(requested);
    if (!token.equals(FakeDiscord.TOKEN)) {
      webSocket.close(4004, "Authentication failed.");
      return;
    }
    JsonNode s = d.path("shard");
    int shardId = 0;
    int total = 1;
    if (!s.isMissingNode() && !s.isNull()) {
      // Discord: an array of two integers, 0 <= shard_id < num_shards; anything else is 4010.
      if (!s.isArray() || s.size() != 2 || !s.get(0).isInt() || !s.get(1).isInt()
          || s.get(1).asInt() < 1 || s.get(0).asInt() < 0 || s.get(0).asInt() >= s.get(1).asInt()) {
        webSocket.close(4010, "Invalid shard.");
        return;
      }
      shardId = s.get(0).asInt();
      total = s.get(1).asInt();
    }
    shard = Optional.of(java.util.List.of(shardId, total));
    if (total < discord.requiredShards()) {
      webSocket.close(4011, "Sharding required.");
      return;
    }
    if (discord.deniesMessageContent() && (requested & FakeDiscord.MESSAGE_CONTENT_INTENT) != 0) {
      log.debug("Gateway session {} asked for the Message Content intent; closing with 4014", number);
      webSocket.close(4014, "Disallowed intent(s).");
      return;
    }
    dispatch("READY", discord.readyPayload("fake-session-" + number, shardId, total));
    for (String guild : FakeDiscord.MEMBER_GUILDS) {
      if (FakeDiscord.shardOf(guild, total) == shardId) dispatch("GUILD_CREATE", discord.guildCreatePayload(guild));
    }
    ready = true;
  }

  synchronized void dispatch(String type, JsonNode data) {
    WebSocket ws = socket;
    if (ws == null) throw new IllegalStateException("gateway session " + number + " is not open");
    ObjectNode frame = Payloads.F.objectNode().put("op", 0).put("t", type).put("s", ++sequence);
    frame.set("d", withoutContentUnlessGranted(type, data));
    if (!ws.send(frame.toString())) throw new IllegalStateException("gateway session " + number + " is closed");
  }

  /**
   * Without the Message Content intent Discord blanks content, attachments, embeds, components and
   * polls of server messages (DMs and messages that mention the bot keep them).
   */
  private JsonNode withoutContentUnlessGranted(String type, JsonNode data) {
    boolean granted = intents.map(i -> (i & FakeDiscord.MESSAGE_CONTENT_INTENT) != 0).orElse(false);
    if (granted || !type.equals("MESSAGE_CREATE") || !data.hasNonNull("guild_id")) return data;
    for (JsonNode mention : data.path("mentions")) {
      if (mention.path("id").asText().equals(FakeDiscord.APPLICATION_ID)) return data;
    }
    ObjectNode blank = ((ObjectNode) data).deepCopy();
    blank.put("content", "");
    blank.putArray("attachments");
    blank.putArray("embeds");
    blank.putArray("components");
    blank.remove("poll");
    return blank;
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    ready = false;
    webSocket.close(1000, null);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
    ready = false;
  }

  /** Going away (1001) when the stand-in stops; a server-side socket cannot be cancelled. */
  void close() {
    close(1001, "stand-in stopping");
  }

  void close(int code, String reason) {
    WebSocket ws = socket;
    ready = false;
    if (ws != null) ws.close(code, reason);
  }
}
