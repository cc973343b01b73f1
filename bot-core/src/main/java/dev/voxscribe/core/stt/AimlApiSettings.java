package dev.voxscribe.core.stt;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach the AI/ML API.
 *
 * @param baseUrl e.g. {@code https://api.aimlapi.com}; a trailing {@code /} or {@code /v1} is tolerated
 * @param apiKey the bearer key; never logged ({@link #toString()} hides it)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout the longest any one request may take (uploads included); a job's requests get
 *     less when the job has less time left
 */
public record AimlApiSettings(URI baseUrl, String apiKey, Duration connectTimeout, Duration requestTimeout) {

  public AimlApiSettings {
    if (apiKey.isBlank()) throw new IllegalArgumentException("AI/ML API key must not be blank");
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("AI/ML API URL must be http or https, got '" + baseUrl + "'");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive, got " + requestTimeout);
    }
  }

  public AimlApiSettings(URI baseUrl, String apiKey) {
    this(baseUrl, apiKey, Duration.ofSeconds(5), Duration.ofSeconds(120));
  }

  /** The base without a trailing slash or {@code /v1}, so paths can be appended as the contract writes them. */
  public String normalizedBase() {
    String s = baseUrl.toString();
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    if (s.endsWith("/v1")) s = s.substring(0, s.length() - 3);
    return s;
  }

  @Override
  public String toString() {
    return "AimlApiSettings[baseUrl=" + baseUrl + ", apiKey=***]";
  }
}
