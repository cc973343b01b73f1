package dev.voxscribe.core;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A transcription failure of a known kind. The message is for logs and operators: it never holds a
 * key or token. Users get a short text chosen by the adapter from {@link #kind()}.
 */
public final class TranscriptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final OptionalInt httpStatus;
  private final transient Optional<Duration> retryAfter;

  public TranscriptionException(FailureKind kind, String message) {
    this(kind, message, OptionalInt.empty(), Optional.empty(), null);
  }

  public TranscriptionException(FailureKind kind, String message, @Nullable Throwable cause) {
    this(kind, message, OptionalInt.empty(), Optional.empty(), cause);
  }

  public TranscriptionException(
      FailureKind kind,
      String message,
      OptionalInt httpStatus,
      Optional<Duration> retryAfter,
      @Nullable Throwable cause) {
    super(message, cause, false, cause != null);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  public FailureKind kind() {
    return kind;
  }

  public OptionalInt httpStatus() {
    return httpStatus;
  }

  /** The service's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  /**
   * Finds the transcription failure behind a throwable coming out of a future, or describes the
   * unexpected one as a transport-level failure so callers always get a kind.
   */
  public static TranscriptionException from(Throwable t) {
    Throwable cur = t;
    for (int depth = 0; cur != null && depth < 10; depth++, cur = cur.getCause()) {
      if (cur instanceof TranscriptionException te) return te;
    }
    return new TranscriptionException(
        FailureKind.TRANSPORT, "unexpected failure: " + t.getClass().getSimpleName(), t);
  }
}
