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
}
