package dev.voxscribe.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The AI/ML API and what to ask it.
 *
 * @param apiKey {@code AIML_API_KEY}; required to transcribe, hidden from {@link #toString()}
 * @param apiUrl {@code AIML_API_URL}
 * @param model {@code VOXSCRIBE_MODEL}
 * @param language {@code VOXSCRIBE_LANGUAGE}; empty: the service detects
 * @param params extra service parameters from the YAML file, passed through as given
 */
public record SpeechConfig(
    Optional<String> apiKey, URI apiUrl, String model, Optional<String> language, Map<String, Object> params) {

  public SpeechConfig {
    params = Map.copyOf(params);
  }

  @Override
  public String toString() {
    return "SpeechConfig[apiKey=" + (apiKey.isPresent() ? "***" : "unset") + ", apiUrl=" + Redaction.url(apiUrl)
        + ", model=" + model + ", language=" + language.orElse("auto") + ", params=" + params + "]";
  }
}
