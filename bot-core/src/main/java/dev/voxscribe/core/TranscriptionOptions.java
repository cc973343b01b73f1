package dev.voxscribe.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the service is asked for: the model, the language (empty: the service detects) and extra
 * service parameters passed through as given (e.g. {@code smart_format}, {@code diarize}).
 */
public record TranscriptionOptions(String model, Optional<String> language, Map<String, Object> parameters) {

  public TranscriptionOptions {
    if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
    language = language.map(String::strip).filter(l -> !l.isEmpty());
    parameters = Map.copyOf(new LinkedHashMap<>(parameters));
  }

  public static TranscriptionOptions of(String model) {
    return new TranscriptionOptions(model, Optional.empty(), Map.of());
  }

  public TranscriptionOptions withLanguage(Optional<String> newLanguage) {
    return new TranscriptionOptions(model, newLanguage, parameters);
  }

  public TranscriptionOptions withModel(String newModel) {
    return new TranscriptionOptions(newModel, language, parameters);
  }
}
