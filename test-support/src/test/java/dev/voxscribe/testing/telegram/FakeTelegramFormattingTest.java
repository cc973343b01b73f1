package dev.voxscribe.testing.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTML parse mode, inline keyboards, callback queries and reactions, as strict as the Bot API. */
class FakeTelegramFormattingTest {
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

  private JsonNode call(String method, Object body) throws IOException {
    Request request = new Request.Builder().url(tg.baseUrl() + "/bot" + tg.token() + "/" + method)
        .post(RequestBody.create(JSON.writeValueAsString(body), MediaType.get("application/json"))).build();
    try (Response r = http.newCall(request).execute()) {
      return JSON.readTree(r.body().string());
    }
  }

  private JsonNode send(String text, String parseMode) throws IOException {
    tg.message(CHAT, ALICE).text("hi").send();
    return call("sendMessage", java.util.Map.of("chat_id", CHAT.id(), "text", text, "parse_mode", parseMode));
  }

  @Test
  void htmlIsParsedIntoTextAndEntities() throws IOException {
    JsonNode ok = send("<b>Hi</b> &lt;there&gt; &amp; <blockquote expandable>a &quot;quote&quot; &#127897;</blockquote>", "HTML");
    assertThat(ok.path("ok").asBoolean()).isTrue();
    int id = ok.path("result").path("message_id").asInt();
    assertThat(ok.path("result").path("text").asText()).isEqualTo("Hi <there> & a \"quote\" 🎙");
    assertThat(tg.entities(CHAT.id(), id)).containsExactly(new HtmlText.Entity("bold", 0, 2),
        new HtmlText.Entity("expandable_blockquote", 13, 12)); // 🎙 counts two UTF-16 units
  }

  @ParameterizedTest
  @ValueSource(strings = {"<b>unclosed", "<b><i>crossed</b></i>", "a <marquee>tag</marquee>", "lone < sign",
      "an &nbsp; entity", "stray & ampersand", "</b>", "<blockquote>a<blockquote>b</blockquote></blockquote>",
      "<span>no class</span>", "<a>no href</a>"})
  void badHtmlIsRefusedLikeTheRealServer(String html) throws IOException {
    JsonNode answer = send(html, "HTML");
    assertThat(answer.path("ok").asBoolean()).isFalse();
    assertThat(answer.path("error_code").asInt()).isEqualTo(400);
    assertThat(answer.path("description").asText()).startsWith("Bad Request: can't parse entities");
  }

  @Test
  void plainTextIsNeverParsedAndTheLimitCountsWhatIsShown() throws IOException {
    assertThat(send("<b> & stays", "").path("result").path("text").asText()).isEqualTo("<b> & stays");
    String shown = "x".repeat(4090);
    JsonNode fits = send("<blockquote expandable>" + shown + "&amp;&lt;</blockquote>", "HTML");
    assertThat(fits.path("ok").asBoolean()).isTrue();
    assertThat(send("<b>" + "y".repeat(4097) + "</b>", "HTML").path("description").asText()).contains("too long");
  }

  @Test
  void keyboardsAreCheckedAndPressesMustBeAnsweredOnce() throws IOException {
    tg.message(CHAT, ALICE).text("hi").send();
    JsonNode tooLong = call("sendMessage", java.util.Map.of("chat_id", CHAT.id(), "text", "t", "reply_markup",
        java.util.Map.of("inline_keyboard", List.of(List.of(java.util.Map.of("text", "A", "callback_data", "x".repeat(65)))))));
    assertThat(tooLong.path("description").asText()).contains("BUTTON_DATA_INVALID");
    JsonNode sent = call("sendMessage", java.util.Map.of("chat_id", CHAT.id(), "text", "t", "reply_markup",
        java.util.Map.of("inline_keyboard", List.of(List.of(java.util.Map.of("text", "A", "callback_data", "vx1:t:abc"))))));
    int id = sent.path("result").path("message_id").asInt();
    assertThat(tg.keyboard(CHAT.id(), id)).containsExactly(List.of(List.of("A", "vx1:t:abc")));
    assertThatThrownBy(() -> tg.pressButton(CHAT, ALICE, id, "other", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);

    String query = tg.pressButton(CHAT, ALICE, id, "vx1:t:abc", Optional.of("de"));
    JsonNode update = call("getUpdates", java.util.Map.of("timeout", 0)).path("result");
    JsonNode callback = update.get(update.size() - 1).path("callback_query");
    assertThat(callback.path("from").path("language_code").asText()).isEqualTo("de");
    assertThat(callback.path("message").path("message_id").asInt()).isEqualTo(id);

    assertThat(call("answerCallbackQuery", java.util.Map.of("callback_query_id", query, "text", "ok")).path("ok").asBoolean())
        .isTrue();
    assertThat(call("answerCallbackQuery", java.util.Map.of("callback_query_id", query)).path("description").asText())
        .contains("query is too old");
    assertThat(tg.callbackAnswer(query).orElseThrow().path("text").asText()).isEqualTo("ok");
  }

  @Test
  void reactionsAreOneOfTheAllowedEmoji() throws IOException {
    int id = tg.message(CHAT, ALICE).text("react to me").send();
    assertThat(call("setMessageReaction", java.util.Map.of("chat_id", CHAT.id(), "message_id", id,
        "reaction", List.of(java.util.Map.of("type", "emoji", "emoji", "⏳")))).path("description").asText())
        .contains("REACTION_INVALID");
    assertThat(call("setMessageReaction", java.util.Map.of("chat_id", CHAT.id(), "message_id", id,
        "reaction", List.of(java.util.Map.of("type", "emoji", "emoji", "👀")))).path("ok").asBoolean()).isTrue();
    assertThat(tg.reaction(CHAT.id(), id)).contains("👀");
    call("setMessageReaction", java.util.Map.of("chat_id", CHAT.id(), "message_id", id, "reaction", List.of()));
    assertThat(tg.reaction(CHAT.id(), id)).isEmpty();
    assertThat(tg.reactionHistory(CHAT.id(), id)).containsExactly("👀", "");
  }
}
