package dev.voxscribe.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import dev.voxscribe.testing.aiml.FakeChatCompletions.ChatCall;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chat client over real HTTP against the stand-in's /v1/chat/completions. */
class AimlChatApiTest {
  private final FakeAimlApi fake = new FakeAimlApi();
  private final AimlChatApi api = new AimlChatApi(
      new AimlApiSettings(URI.create(fake.baseUrl() + "/v1/"), fake.apiKey(), Duration.ofSeconds(5), Duration.ofMillis(800)),
      Clock.systemUTC());

  @AfterEach
  void stop() {
    api.close();
    fake.close();
  }

  /** The answer, or the typed failure thrown as it is. */
  private Completion complete(ChatPrompt prompt) {
    try {
      return api.complete(prompt).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private static ChatPrompt prompt(String model) {
    return new ChatPrompt(model, "Summarise.", "<transcript>\nWe meet at noon.\n</transcript>", 100);
  }

  @Test
  void sendsModelAndMessagesAndReadsTheAnswerWithItsCost() {
    fake.chat().reply(call -> "  • Meeting at noon.\n");
    fake.chat().usdPerCall(new BigDecimal("0.00124"));

    Completion c = complete(prompt("gpt-4o-mini"));

    assertThat(c.text()).isEqualTo("• Meeting at noon.");
    assertThat(c.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(c.usdSpent()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.00124"));
    assertThat(c.creditsUsed()).hasValue(2480);
    assertThat(c.id()).startsWith("chatcmpl-");
    ChatCall call = fake.chat().calls().get(0);
    assertThat(call.model()).isEqualTo("gpt-4o-mini");
    assertThat(call.messages()).extracting(m -> m.role()).containsExactly("system", "user");
    assertThat(call.contentOf("system")).isEqualTo("Summarise.");
    assertThat(call.contentOf("user")).contains("We meet at noon.");
    assertThat(call.body().path("max_tokens").asInt()).isEqualTo(100);
    assertThat(fake.authorizations()).containsOnly("Bearer " + fake.apiKey());
  }

  @Test
  void theCostComesFromTheHeadersWhenTheBodyHasNoMeta() {
    fake.chat().omitMeta(true);
    fake.chat().usdPerCall(new BigDecimal("0.0005"));

    Completion c = complete(prompt("gpt-4o-mini"));

    assertThat(c.usdSpent()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.0005"));
    assertThat(c.creditsUsed()).hasValue(1000);
  }

  @Test
  void aModelThatRefusesTheSystemRoleIsAskedAgainWithTheInstructionsFolded() {
    fake.chat().refuseSystemRole("deepseek/deepseek-chat");

    Completion first = complete(prompt("deepseek/deepseek-chat"));
    Completion second = complete(prompt("deepseek/deepseek-chat"));

    assertThat(first.text()).isNotBlank();
    assertThat(second.text()).isNotBlank();
    assertThat(fake.chat().calls()).hasSize(2).allSatisfy(call -> {
      assertThat(call.messages()).extracting(m -> m.role()).containsExactly("user");
      assertThat(call.contentOf("user")).startsWith("Summarise.\n\n<transcript>");
    });
    // The refusal is remembered: one 400, then folded straight away.
    assertThat(fake.chat().requests()).isEqualTo(3);
  }

  @Test
  void anUnknownModelIsABadRequestAndCostsNothing() {
    assertThatThrownBy(() -> complete(prompt("gpt-9-imaginary")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
          assertThat(e.getMessage()).contains("Body validation error").contains("gpt-9-imaginary");
        });
    assertThat(fake.chat().count()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"401, REJECTED_KEY", "403, OUT_OF_CREDITS", "429, RATE_LIMITED", "503, SERVICE_ERROR", "504, SERVICE_ERROR"})
  void errorsAreTyped(int status, FailureKind kind) {
    fake.failNext(Endpoint.CHAT, status);
    assertThatThrownBy(() -> complete(prompt("gpt-4o-mini")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  @Test
  void aWrongKeyIsRejected() {
    fake.acceptKey("sk-another");
    assertThatThrownBy(() -> complete(prompt("gpt-4o-mini")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.REJECTED_KEY));
  }

  @Test
  void outOfCreditsIsTheOperatorsProblem() {
    fake.creditsExhausted(true);
    assertThatThrownBy(() -> complete(prompt("gpt-4o-mini")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind().operatorProblem()).isTrue());
  }

  @Test
  void aModelSlowerThanTheRequestTimeoutIsADeadline() {
    fake.chat().delay(Duration.ofSeconds(3));
    assertThatThrownBy(() -> complete(prompt("gpt-4o-mini")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.DEADLINE));
  }

  @Test
  void aCutConnectionIsAServiceError() {
    fake.disconnectNext(Endpoint.CHAT);
    assertThatThrownBy(() -> complete(prompt("gpt-4o-mini")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_ERROR));
  }
}
