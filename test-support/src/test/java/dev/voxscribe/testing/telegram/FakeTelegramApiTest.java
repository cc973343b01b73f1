package dev.voxscribe.testing.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stand-in answers like the Bot API documentation says. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeTelegramApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final TgUser ALICE = TgUser.person(42, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);

  final FakeTelegramApi tg = new FakeTelegramApi();
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();

  @AfterEach
  void close() {
    tg.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Request post(String path, String json) {
    return new Request.Builder().url(tg.baseUrl() + path)
        .post(RequestBody.create(json, MediaType.get("application/json"))).build();
  }

  private JsonNode call(String method, String json) throws IOException {
    try (Response r = http.newCall(post("/bot" + tg.token() + "/" + method, json)).execute()) {
      return JSON.readTree(r.body().string());
    }
  }

  @Test
  void methodNamesAreCaseInsensitiveAndTheTokenIsChecked() throws IOException {
    assertThat(call("getMe", "{}").path("result").path("is_bot").asBoolean()).isTrue();
    assertThat(call("GETME", "{}").path("ok").asBoolean()).isTrue();
    try (Response r = http.newCall(post("/bot1:wrong/getMe", "{}")).execute()) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(JSON.readTree(r.body().string()).path("description").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void getUpdatesIsHeldUntilAnUpdateArrivesAndOffsetsConfirm() throws Exception {
    CompletableFuture<JsonNode> poll = new CompletableFuture<>();
    http.newCall(post("/bot" + tg.token() + "/getupdates", "{\"timeout\":15}")).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        poll.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          poll.complete(JSON.readTree(response.body().string()));
        }
      }
    });
    int id = tg.message(CHAT, ALICE).text("hi").send();

    JsonNode updates = poll.get(10, TimeUnit.SECONDS).path("result");
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).path("message").path("message_id").asInt()).isEqualTo(id);
    long updateId = updates.get(0).path("update_id").asLong();
    assertThat(call("getUpdates", "{\"offset\":" + (updateId + 1) + "}").path("result")).isEmpty();
    assertThat(tg.pendingUpdates()).isZero();
  }

  @Test
  void aRateLimitIsAnswered429WithRetryAfter() throws IOException {
    tg.message(CHAT, ALICE).text("hi").send();
    tg.rateLimitNext("sendMessage", 3);
    JsonNode limited = call("sendmessage", "{\"chat_id\":42,\"text\":\"x\"}");
    assertThat(limited.path("error_code").asInt()).isEqualTo(429);
    assertThat(limited.path("parameters").path("retry_after").asInt()).isEqualTo(3);
    assertThat(call("sendMessage", "{\"chat_id\":42,\"text\":\"x\"}").path("ok").asBoolean()).isTrue();
    assertThat(tg.calls("SENDMESSAGE")).extracting(ApiCall::status).containsExactly(429, 200);
  }

  @Test
  void sendsAreValidatedLikeTheBotApi() throws IOException {
    int id = tg.message(CHAT, ALICE).text("hi").send();
    assertThat(call("sendMessage", "{\"chat_id\":42,\"text\":\"" + "a".repeat(4097) + "\"}").path("description").asText())
        .isEqualTo("Bad Request: message is too long");
    assertThat(call("sendMessage", "{\"chat_id\":42,\"text\":\"x\",\"message_thread_id\":5}").path("description").asText())
        .isEqualTo("Bad Request: message thread not found");
    assertThat(call("sendMessage", "{\"chat_id\":42,\"text\":\"x\",\"reply_parameters\":{\"message_id\":999}}")
        .path("description").asText()).isEqualTo("Bad Request: message to be replied not found");
    JsonNode sent = call("sendMessage", "{\"chat_id\":42,\"text\":\"x\",\"reply_parameters\":{\"message_id\":" + id + "}}");
    int botMessage = sent.path("result").path("message_id").asInt();
    assertThat(call("editMessageText", "{\"chat_id\":42,\"message_id\":" + botMessage + ",\"text\":\"x\"}")
        .path("description").asText()).startsWith("Bad Request: message is not modified");
    assertThat(call("editMessageText", "{\"chat_id\":42,\"message_id\":" + botMessage + ",\"text\":\"y\"}")
        .path("ok").asBoolean()).isTrue();
    assertThat(tg.sentMessages(42)).singleElement().satisfies(m -> {
      assertThat(m.versions()).containsExactly("x", "y");
      assertThat(m.replyTo()).contains(id);
    });
  }

  @Test
  void filesAreServedUnderTheTokenPath() throws IOException {
    TgFile file = tg.registerFile("voice/file_1.oga", new byte[] {1, 2, 3});
    JsonNode info = call("getFile", "{\"file_id\":\"" + file.fileId() + "\"}").path("result");
    assertThat(info.path("file_path").asText()).isEqualTo("voice/file_1.oga");
    try (Response r = http.newCall(new Request.Builder()
        .url(tg.baseUrl() + "/file/bot" + tg.token() + "/" + info.path("file_path").asText()).build()).execute()) {
      assertThat(r.body().bytes()).containsExactly(1, 2, 3);
    }
    assertThat(tg.downloads(file)).isEqualTo(1);
    TgFile big = tg.registerFileOfSize("voice/big.oga", FakeTelegramApi.MAX_DOWNLOAD_BYTES + 1);
    assertThat(call("getFile", "{\"file_id\":\"" + big.fileId() + "\"}").path("description").asText())
        .isEqualTo("Bad Request: file is too big");
  }

  // ---- guest mode, allowed_updates, channels ----

  private static final String ARTICLE =
      "{\"type\":\"article\",\"id\":\"t1\",\"title\":\"Transcript\",\"input_message_content\":{\"message_text\":\"hi\"}}";

  private String guestQuery(TgChat group) {
    int voice = tg.message(group, ALICE).voice(tg.registerFile("voice/g.oga", new byte[] {1}), 2).toUpdate()
        .path("message").path("message_id").asInt();
    return tg.guestMessage(group, TgUser.person(43, "Bob")).replyTo(voice).sendGuest();
  }

  @Test
  void answerGuestQueryIsAsStrictAsTheBotApiServer() throws IOException {
    TgChat group = TgChat.supergroup(-1001, "Elsewhere");
    String query = guestQuery(group);

    assertThat(call("answerGuestQuery", "{\"guest_query_id\":\"" + query + "\"}").path("description").asText())
        .isEqualTo("Bad Request: Result isn't specified");
    assertThat(call("answerGuestQuery", "{\"guest_query_id\":\"" + query + "\",\"result\":[]}")
        .path("description").asText()).isEqualTo("Bad Request: Inline query result must be an object");
    assertThat(call("answerGuestQuery", "{\"guest_query_id\":\"" + query
        + "\",\"result\":{\"type\":\"article\",\"id\":\"t1\",\"input_message_content\":{\"message_text\":\"hi\"}}}")
        .path("description").asText()).isEqualTo("Bad Request: Can't find field \"title\"");
    assertThat(call("answerGuestQuery", "{\"guest_query_id\":\"12345\",\"result\":" + ARTICLE + "}")
        .path("description").asText()).contains("query ID is invalid");

    JsonNode sent = call("answerGuestQuery", "{\"guest_query_id\":\"" + query + "\",\"result\":" + ARTICLE + "}");
    String inlineId = sent.path("result").path("inline_message_id").asText();
    assertThat(inlineId).isNotEmpty();
    assertThat(call("answerGuestQuery", "{\"guest_query_id\":\"" + query + "\",\"result\":" + ARTICLE + "}")
        .path("description").asText()).as("answered twice").contains("query is too old");

    JsonNode edit = call("editMessageText", "{\"inline_message_id\":\"" + inlineId + "\",\"text\":\"hello\"}");
    assertThat(edit.path("result").isBoolean()).as("inline edits answer True").isTrue();
    assertThat(tg.guestReplyTo(query).orElseThrow().versions()).containsExactly("hi", "hello");
    // The bot is no member of that chat: nothing but the guest answer reaches it.
    JsonNode refused = call("sendMessage", "{\"chat_id\":" + group.id() + ",\"text\":\"x\"}");
    assertThat(refused.path("error_code").asInt()).isEqualTo(403);
    assertThat(refused.path("description").asText()).isEqualTo("Forbidden: bot is not a member of the supergroup chat");
  }

  @Test
  void aUserWhoNeverStartedTheBotCannotBeWritten() throws IOException {
    JsonNode refused = call("sendMessage", "{\"chat_id\":4711,\"text\":\"x\"}");
    assertThat(refused.path("error_code").asInt()).isEqualTo(403);
    assertThat(refused.path("description").asText()).isEqualTo("Forbidden: bot can't initiate conversation with a user");
  }

  @Test
  void updatesOfTypesNotAskedForAreNeverDelivered() throws IOException {
    TgChat channel = TgChat.channel(-1002, "News");
    assertThat(call("getUpdates", "{\"allowed_updates\":[\"message\"],\"timeout\":0}").path("result")).isEmpty();
    tg.channelPost(channel).text("post").send();
    int id = tg.message(CHAT, ALICE).text("hi").send();

    JsonNode updates = call("getUpdates", "{\"timeout\":0}").path("result"); // the earlier list still applies
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).path("message").path("message_id").asInt()).isEqualTo(id);
    assertThat(tg.droppedUpdates()).singleElement().satisfies(u -> assertThat(u.has("channel_post")).isTrue());

    call("getUpdates", "{\"allowed_updates\":[],\"offset\":" + (updates.get(0).path("update_id").asLong() + 1)
        + ",\"timeout\":0}");
    tg.channelPost(channel).text("another").send();
    JsonNode next = call("getUpdates", "{\"timeout\":0}").path("result");
    assertThat(next).singleElement().satisfies(u -> {
      assertThat(u.path("channel_post").has("from")).as("channel posts have no from").isFalse();
      assertThat(u.path("channel_post").path("sender_chat").path("id").asLong()).isEqualTo(channel.id());
    });
  }
}
