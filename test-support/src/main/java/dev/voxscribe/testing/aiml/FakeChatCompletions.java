package dev.voxscribe.testing.aiml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * {@code POST /v1/chat/completions} of the AI/ML API stand-in, as CONTRACT.md documents it:
 * {@code model} (one of the documented ids) and a non-empty {@code messages} array are required,
 * each message a {@code system|user|assistant} role with string or text-part content; a model can
 * be told to refuse {@code role: system} with the documented 400. The answer is an OpenAI-shaped
 * {@code chat.completion} with {@code usage}, {@code meta.usage.{credits_used, usd_spent}} and the
 * cost headers; {@link #omitMeta(boolean)} leaves the body's {@code meta} out, as some models do.
 */
public final class FakeChatCompletions {
  /** The chat model ids CONTRACT.md lists as active, with their documented aliases. */
  static final Set<String> MODELS = Set.of(
      "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "openai/gpt-4.1-nano-2025-04-14", "openai/gpt-4.1-mini-2025-04-14",
      "openai/gpt-5-nano-2025-08-07", "openai/gpt-5-mini-2025-08-07", "google/gemini-2.5-flash",
      "google/gemini-3-1-flash-lite", "google/gemini-3-5-flash-lite", "deepseek/deepseek-chat", "deepseek-chat",
      "deepseek/deepseek-chat-v3-0324", "deepseek/deepseek-v4-flash");
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One accepted completion request: the model and the messages as sent. */
  public record ChatCall(String model, List<ChatMessage> messages, JsonNode body) {
    /** The content of every message of {@code role}, joined by blank lines. */
    public String contentOf(String role) {
      return String.join("\n\n", messages.stream().filter(m -> m.role().equals(role)).map(ChatMessage::content).toList());
    }
  }

  /** One message of a request, its content flattened to text. */
  public record ChatMessage(String role, String content) {}

  private final List<ChatCall> calls = new CopyOnWriteArrayList<>();
  private final Set<String> refusingSystem = ConcurrentHashMap.newKeySet();
  private volatile Function<ChatCall, String> replies = FakeChatCompletions::defaultReply;
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean omitMeta;
  private volatile BigDecimal usdPerCall = new BigDecimal("0.000124");
  private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

  FakeChatCompletions() {}

  /** What the model answers, decided from the request. */
  public void reply(Function<ChatCall, String> replies) {
    this.replies = replies;
  }

  /** Every answer is held this long before its headers are sent (a slow model). */
  public void delay(Duration d) {
    this.delay = d;
  }

  /** This model answers 400 to any request with a {@code system} message, as some models do. */
  public void refuseSystemRole(String model) {
    refusingSystem.add(model);
  }

  /** Leave {@code meta} out of the body (the cost is then only in the headers). */
  public void omitMeta(boolean omit) {
    this.omitMeta = omit;
  }

  /** What each answer reports as spent. */
  public void usdPerCall(BigDecimal usd) {
    this.usdPerCall = usd;
  }

  /** Completions answered (each one would have cost credits). */
  public int count() {
    return calls.size();
  }

  /** Requests that reached the endpoint, refused ones included. */
  public int requests() {
    return requests.get();
  }

  public List<ChatCall> calls() {
    return List.copyOf(calls);
  }

  private static String defaultReply(ChatCall call) {
    String user = call.contentOf("user");
    return "• " + user.substring(0, Math.min(40, user.length())).replace('\n', ' ');
  }

  MockResponse handle(RecordedRequest request, boolean creditsExhausted) {
    requests.incrementAndGet();
    if (!"POST".equals(request.getMethod())) return error(404, "Cannot " + request.getMethod() + " /v1/chat/completions");
    String type = request.getHeaders().get("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return error(400, "Body validation error! Content-Type must be application/json");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IOException e) {
      return error(400, "Body validation error! malformed JSON");
    }
    if (body == null || !body.isObject()) return error(400, "Body validation error! Expected object, received " + kind(body));
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual()) {
      return error(400, "Body validation error! model: Required. Expected string, received " + kind(model));
    }
    if (!MODELS.contains(model.asText())) {
      return error(400, "Body validation error! model: Invalid enum value. Received '" + model.asText() + "'");
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray()) {
      return error(400, "Body validation error! messages: Required. Expected array, received " + kind(messages));
    }
    if (messages.isEmpty()) return error(400, "Body validation error! messages: Array must contain at least 1 element(s)");
    List<ChatMessage> parsed = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String at = "messages[" + i + "]";
      if (!m.isObject()) return error(400, "Body validation error! " + at + ": Expected object, received " + kind(m));
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
        return error(400, "Body validation error! " + at + ".role: Invalid enum value. Expected 'system' | 'user' | 'assistant'");
      }
      if (role.asText().equals("system") && refusingSystem.contains(model.asText())) {
        return error(400, "Unsupported value: '" + at + ".role' does not support 'system' with this model.");
      }
      JsonNode content = m.get("content");
      String text;
      if (content != null && content.isTextual()) {
        text = content.asText();
      } else if (content != null && content.isArray() && !content.isEmpty()) {
        StringBuilder b = new StringBuilder();
        for (JsonNode part : content) {
          if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
            return error(400, "Body validation error! " + at + ".content: Expected text parts");
          }
          b.append(part.get("text").asText());
        }
        text = b.toString();
      } else {
        return error(400, "Body validation error! " + at + ".content: Expected string or array, received " + kind(content));
      }
      parsed.add(new ChatMessage(role.asText(), text));
    }
    JsonNode temperature = body.get("temperature");
    if (temperature != null && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
      return error(400, "Body validation error! temperature: Number must be between 0 and 2");
    }
    for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
      JsonNode n = body.get(field);
      if (n != null && (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1)) {
        return error(400, "Body validation error! " + field + ": Expected positive integer");
      }
    }
    if (body.path("stream").asBoolean(false)) return error(400, "Body validation error! stream: this stand-in does not stream");
    if (creditsExhausted) {
      return json(403, "{\"title\":\"Forbidden\",\"status\":403,\"message\":\"You've run out of credits. Please top up"
          + " your balance to continue.\",\"error\":{\"name\":\"ForbiddenException\",\"message\":\"You've run out of"
          + " credits.\"},\"requestId\":\"req-403\"}", Headers.of());
    }
    ChatCall call = new ChatCall(model.asText(), List.copyOf(parsed), body);
    String content = replies.apply(call);
    calls.add(call);
    return completion(call, content);
  }

  private MockResponse completion(ChatCall call, String content) {
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    int prompt = tokens(call.messages().stream().map(ChatMessage::content).reduce("", String::concat));
    int completion = tokens(content);
    BigDecimal usd = usdPerCall.setScale(9, RoundingMode.HALF_UP);
    long credits = usd.multiply(BigDecimal.valueOf(2_000_000)).longValue();
    ObjectNode root = JSON.createObjectNode().put("id", id).put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", call.model().equals("gpt-4o-mini") ? "gpt-4o-mini-2024-07-18" : call.model());
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
    choice.putNull("logprobs");
    ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", content);
    message.putNull("refusal");
    message.putArray("annotations");
    ObjectNode usage = root.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    root.put("system_fingerprint", "fp_standin");
    if (!omitMeta) root.putObject("meta").putObject("usage").put("credits_used", credits).put("usd_spent", usd);
    Headers headers = Headers.of("x-inference-id", id, "x-aimlapi-credits-used", Long.toString(credits),
        "x-aimlapi-usd-spent", usd.toPlainString());
    return json(200, root.toString(), headers);
  }

  private static int tokens(String s) {
    return Math.max(1, s.strip().split("\\s+").length);
  }

  private MockResponse error(int status, String message) {
    ObjectNode body = JSON.createObjectNode().put("message", message).put("path", "/v1/chat/completions")
        .put("requestId", UUID.randomUUID().toString()).put("statusCode", Integer.toString(status))
        .put("timestamp", java.time.Instant.now().toString());
    return json(status, body.toString(), Headers.of());
  }

  private MockResponse json(int status, String body, Headers extra) {
    MockResponse.Builder b = new MockResponse.Builder().code(status)
        .headers(extra.newBuilder().add("Content-Type", "application/json; charset=utf-8").build()).body(body);
    Duration d = delay;
    if (!d.isZero()) b.headersDelay(d.toMillis(), TimeUnit.MILLISECONDS);
    return b.build();
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) return "undefined";
    if (n.isNull()) return "null";
    if (n.isTextual()) return "string";
    if (n.isNumber()) return "number";
    if (n.isBoolean()) return "boolean";
    return n.isArray() ? "array" : "object";
  }
}
