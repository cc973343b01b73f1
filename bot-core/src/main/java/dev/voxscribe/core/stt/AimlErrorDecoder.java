package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Turns the service's error answers (either envelope of CONTRACT.md) into typed failures. Shared by
 * the speech and the chat-completions clients, which meet the same envelopes.
 */
public final class AimlErrorDecoder {
  private static final int MAX_BODY = 16 * 1024;

  private final ObjectMapper mapper;
  private final Clock clock;

  public AimlErrorDecoder(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  /** The typed failure of an error answer: {@code what} ("create", "poll") answered {@code status} with {@code body}. */
  public TranscriptionException decode(String what, int status, @Nullable Collection<String> retryAfter, byte[] body) {
    String serviceMessage = message(body);
    FailureKind kind = kindOf(status, serviceMessage);
    String message = "AI/ML API " + what + " answered HTTP " + status + (serviceMessage.isEmpty() ? "" : ": " + serviceMessage);
    return new TranscriptionException(kind, message, OptionalInt.of(status), retryAfter(retryAfter), null);
  }

  static FailureKind kindOf(int status, String message) {
    return switch (status) {
      case 401 -> FailureKind.REJECTED_KEY;
      case 402, 403 -> FailureKind.OUT_OF_CREDITS;
      case 404, 410 -> FailureKind.NOT_FOUND;
      case 408, 425, 500, 502, 503, 504 -> FailureKind.SERVICE_ERROR;
      case 413 -> FailureKind.TOO_LARGE;
      case 415 -> FailureKind.UNSUPPORTED_MEDIA;
      case 429 -> FailureKind.RATE_LIMITED;
      default -> status >= 500 ? FailureKind.SERVICE_ERROR : FailureKind.BAD_REQUEST;
    };
  }

  private String message(byte[] bytes) {
    {
      String raw = new String(bytes, 0, Math.min(bytes.length, MAX_BODY), StandardCharsets.UTF_8).strip();
      if (raw.isEmpty()) return "";
      try {
        JsonNode root = mapper.readTree(raw);
        for (JsonNode candidate :
            new JsonNode[] {root.get("message"), root.path("error").get("message"), root.get("title"), root.get("error")}) {
          if (candidate != null && candidate.isTextual() && !candidate.asText().isBlank()) {
            return shorten(candidate.asText());
          }
          if (candidate != null && candidate.isArray() && !candidate.isEmpty()) {
            return shorten(candidate.get(0).asText());
          }
        }
        return "";
      } catch (IOException notJson) {
        return shorten(raw);
      }
    }
  }

  private static String shorten(String s) {
    String oneLine = s.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date. */
  Optional<Duration> retryAfter(@Nullable Collection<String> values) {
    if (values == null || values.isEmpty()) return Optional.empty();
    String v = values.iterator().next().strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
