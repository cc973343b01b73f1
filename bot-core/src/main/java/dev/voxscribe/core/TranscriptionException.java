package dev.voxscribe.core;

import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Refusal;
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
  private final transient Optional<Refusal> refusal;

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
    this.refusal = Optional.empty();
  }

  /** A refusal by a limit ({@link FailureKind#QUOTA} or {@link FailureKind#NOT_ALLOWED}), with what users are told. */
  public TranscriptionException(Refusal refusal) {
    super("refused: " + refusal.describe(), null, false, false);
    this.kind = refusal.limit() == Limit.NOT_ALLOWED ? FailureKind.NOT_ALLOWED : FailureKind.QUOTA;
    this.httpStatus = OptionalInt.empty();
    this.retryAfter = Optional.empty();
    this.refusal = Optional.of(refusal);
  }

  /** Which limit refused the request, how much is left and when it resets, for refusals by a limit. */
  public Optional<Refusal> refusal() {
    return refusal;
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
    // Every failure of a job passes here on its way to an answer: an Error must end the process.
    Fatal.check(t);
    Throwable cur = t;
    for (int depth = 0; cur != null && depth < 10; depth++, cur = cur.getCause()) {
      if (cur instanceof TranscriptionException te) return te;
    }
    return new TranscriptionException(
        FailureKind.TRANSPORT, "unexpected failure: " + t.getClass().getSimpleName(), t);
  }
}
