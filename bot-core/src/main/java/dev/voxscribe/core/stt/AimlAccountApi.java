package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@code GET /v2/billing} (CONTRACT.md: a read-only balance call, so it costs nothing), sent
 * asynchronously: no thread waits for the answer. Redirects are never followed, so the key never
 * travels to another host.
 */
public final class AimlAccountApi implements AccountApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI billing;
  private final AimlApiSettings settings;

  /** @param executor runs the client's short completion work (not the waiting) */
  public AimlAccountApi(AimlApiSettings settings, Executor executor) {
    this.settings = settings;
    this.billing = URI.create(settings.normalizedBase() + "/v2/billing");
    this.http = HttpClient.newBuilder()
        .executor(executor)
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public CompletableFuture<KeyStatus> check() {
    HttpRequest request = HttpRequest.newBuilder(billing)
        .timeout(settings.connectTimeout().plusSeconds(10))
        .header("Authorization", "Bearer " + settings.apiKey())
        .header("Accept", "application/json")
        .GET()
        .build();
    try {
      return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .handle((response, error) -> error != null ? transportFailure(error) : read(response));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(transportFailure(e));
    }
  }

  private KeyStatus read(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 401 || status == 403) return new KeyStatus.Rejected(status, message(response.body()));
    if (status != 200) return new KeyStatus.Unknown("GET " + billing + " answered HTTP " + status);
    try {
      JsonNode body = JSON.readTree(response.body());
      JsonNode balance = body == null ? null : body.get("current_balance");
      if (balance == null || !(balance.isNumber() || balance.isTextual())) {
        return new KeyStatus.Unknown("GET " + billing + " answered without current_balance");
      }
      // Written to the log and /readyz: only a currency code, never whatever a spoofed server sends there.
      String currency = body.path("currency").asText("").strip();
      currency = currency.matches("[A-Za-z]{3}") ? currency.toUpperCase(java.util.Locale.ROOT) : "";
      return new KeyStatus.Valid(new BigDecimal(balance.asText().strip()), currency);
    } catch (IOException | NumberFormatException e) {
      return new KeyStatus.Unknown("GET " + billing + " answered with an unreadable body");
    }
  }

  private KeyStatus transportFailure(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String m = cause.getMessage();
    return new KeyStatus.Unknown("cannot reach " + billing + " (AIML_API_URL): " + cause.getClass().getSimpleName()
        + (m == null || m.isBlank() ? "" : " " + m));
  }

  private static String message(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.hasNonNull("message")) {
        // The server's words go to the log: no control characters (a forged line, a terminal escape), kept short.
        String m = node.get("message").asText().replaceAll("\\p{Cntrl}+", " ").strip();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
      }
    } catch (IOException ignored) {
      // no JSON: say nothing more
    }
    return "";
  }
}
