package dev.voxscribe.core.llm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.stt.AimlErrorDecoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI/ML API's {@code POST /v1/chat/completions}, on the JDK's HTTP client like the speech
 * client: asynchronous (a request in flight holds no thread), the same key, base URL and error
 * envelopes, no redirects, nothing logged that carries the key.
 *
 * <p>Some models refuse {@code role: system} with a documented 400 ("does not support 'system'
 * with this model"): the prompt is then sent again once with the instructions folded into the user
 * message, and that model is asked that way from then on.
 */
public final class AimlChatApi implements ChatApi, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AimlChatApi.class);
  private static final String REFUSES_SYSTEM = "does not support 'system'";
  private static final String WHAT = "chat completion";

  private final ObjectMapper mapper =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final AimlErrorDecoder errors;
  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final URI endpoint;
  private final String authorization;
  private final Duration timeout;
  /** Models that answered the documented 400 to a system message. */
  private final Set<String> foldSystem = ConcurrentHashMap.newKeySet();

  /** @param settings the speech service's settings: its request timeout bounds each chat answer */
  public AimlChatApi(AimlApiSettings settings, Clock clock) {
    this.errors = new AimlErrorDecoder(mapper, clock);
    this.httpExecutor = Executors.newFixedThreadPool(1, r -> {
      Thread t = new Thread(r, "voxscribe-chat-http");
      t.setDaemon(true);
      return t;
    });
    boolean tls = "https".equalsIgnoreCase(settings.baseUrl().getScheme());
    this.http = HttpClient.newBuilder()
        .executor(httpExecutor)
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER) // a redirect would carry the Authorization header elsewhere
        .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .build();
    this.endpoint = URI.create(settings.normalizedBase() + "/v1/chat/completions");
    this.authorization = "Bearer " + settings.apiKey();
    this.timeout = settings.requestTimeout();
  }

  @Override
  public CompletableFuture<Completion> complete(ChatPrompt prompt) {
    String requestId = "vx-chat-" + UUID.randomUUID();
    boolean fold = foldSystem.contains(prompt.model());
    return send(prompt, fold, requestId).handle((completion, error) -> {
      if (error == null) return CompletableFuture.completedFuture(completion);
      TranscriptionException te = TranscriptionException.from(unwrap(error));
      if (fold || prompt.instructions().isBlank() || te.kind() != FailureKind.BAD_REQUEST
          || te.getMessage() == null || !te.getMessage().contains(REFUSES_SYSTEM)) {
        return CompletableFuture.<Completion>failedFuture(te);
      }
      foldSystem.add(prompt.model());
      log.info("Chat model {} refuses system messages: folding the instructions into the user message", prompt.model());
      return send(prompt, true, requestId);
    }).thenCompose(f -> f);
  }

  private CompletableFuture<Completion> send(ChatPrompt prompt, boolean fold, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", prompt.model());
    List<Map<String, String>> messages = new ArrayList<>();
    if (fold) {
      messages.add(Map.of("role", "user", "content", prompt.instructions() + "\n\n" + prompt.material()));
    } else {
      if (!prompt.instructions().isBlank()) messages.add(Map.of("role", "system", "content", prompt.instructions()));
      messages.add(Map.of("role", "user", "content", prompt.material()));
    }
    body.put("messages", messages);
    body.put("max_tokens", prompt.maxTokens());
    body.put("temperature", 0.2);
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(endpoint)
          .header("Authorization", authorization)
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .header("X-Client-Request-Id", requestId)
          .timeout(timeout)
          .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
          .build();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.BAD_REQUEST, "the prompt could not be written"));
    }
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      // The answer is bounded by max_tokens, so reading it whole is safe.
      exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.TRANSPORT,
          "AI/ML API " + WHAT + " could not be sent: " + e.getClass().getSimpleName(), null));
    }
    return exchange.handle((response, error) -> {
      if (error != null) throw failure(error);
      return parse(response);
    });
  }

  private TranscriptionException failure(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
      return new TranscriptionException(FailureKind.DEADLINE,
          "AI/ML API " + WHAT + " did not answer within " + timeout.toMillis() + " ms", null);
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
        return new TranscriptionException(FailureKind.TRANSPORT,
            "AI/ML API " + WHAT + " could not connect: " + t.getClass().getSimpleName(), null);
      }
    }
    return new TranscriptionException(FailureKind.SERVICE_ERROR,
        "AI/ML API " + WHAT + " lost its connection before the answer: " + cause.getClass().getSimpleName(), null);
  }

  private Completion parse(HttpResponse<byte[]> response) {
    byte[] bytes = response.body() == null ? new byte[0] : response.body();
    if (response.statusCode() / 100 != 2) {
      throw errors.decode(WHAT, response.statusCode(), response.headers().allValues("Retry-After"), bytes);
    }
    JsonNode root;
    try {
      root = bytes.length == 0 ? null : mapper.readTree(bytes);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new TranscriptionException(FailureKind.SERVICE_ERROR,
          "AI/ML API " + WHAT + " answered HTTP " + response.statusCode() + " with an unreadable body (" + bytes.length + " bytes)");
    }
    JsonNode message = root.path("choices").path(0).path("message");
    String text = content(message.get("content")).strip();
    if (text.isEmpty()) {
      String refusal = message.path("refusal").isTextual() ? ": " + message.get("refusal").asText() : "";
      throw new TranscriptionException(FailureKind.JOB_FAILED, "the chat model gave no answer" + refusal);
    }
    HttpHeaders headers = response.headers();
    JsonNode usage = root.path("meta").path("usage");
    Optional<BigDecimal> usd = decimal(usage.get("usd_spent"))
        .or(() -> headers.firstValue("x-aimlapi-usd-spent").flatMap(AimlChatApi::decimal));
    Optional<BigDecimal> credits = decimal(usage.get("credits_used"))
        .or(() -> headers.firstValue("x-aimlapi-credits-used").flatMap(AimlChatApi::decimal));
    String id = root.path("id").asText(headers.firstValue("x-inference-id").orElse(""));
    return new Completion(text, root.path("model").asText(""), id, usd,
        credits.isPresent() ? OptionalLong.of(credits.get().longValue()) : OptionalLong.empty());
  }

  /** A string, or the text parts of an array (both shapes are OpenAI-compatible). */
  private static String content(JsonNode content) {
    if (content == null || content.isNull()) return "";
    if (content.isTextual()) return content.asText();
    StringBuilder b = new StringBuilder();
    if (content.isArray()) {
      for (JsonNode part : content) if (part.path("text").isTextual()) b.append(part.get("text").asText());
    }
    return b.toString();
  }

  private static Optional<BigDecimal> decimal(JsonNode n) {
    if (n == null || n.isNull()) return Optional.empty();
    if (n.isNumber()) return n.decimalValue().signum() < 0 ? Optional.empty() : Optional.of(n.decimalValue());
    return n.isTextual() ? decimal(n.asText()) : Optional.empty();
  }

  private static Optional<BigDecimal> decimal(String s) {
    try {
      BigDecimal d = new BigDecimal(s.strip());
      return d.signum() < 0 ? Optional.empty() : Optional.of(d);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  @Override
  public void close() {
    httpExecutor.shutdownNow();
  }
}
