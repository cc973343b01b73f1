package dev.voxscribe.core;

/** Why a transcription did not produce a transcript. Adapters turn each into one short user message. */
public enum FailureKind {
  /** The file is larger than the configured limit; nothing was downloaded or uploaded. */
  TOO_LARGE(false),
  /** The audio is longer than the configured limit; nothing was uploaded. */
  TOO_LONG(false),
  /** Not audio or video; nothing was uploaded. */
  UNSUPPORTED_MEDIA(false),
  /** Too many jobs running and queued; try again later. Nothing was spent. */
  BUSY(false),
  /** A daily quota, the daily budget or the person's queue is used up; nothing was fetched or spent. */
  QUOTA(false),
  /** Outside the allowlist or on the blocklist; nothing was fetched or spent. */
  NOT_ALLOWED(false),
  /** The audio could not be fetched from the platform. */
  DOWNLOAD_FAILED(false),
  /** HTTP 401: the API key is missing or wrong. Operator problem. */
  REJECTED_KEY(false),
  /** HTTP 403: the account is out of credits. Operator problem. */
  OUT_OF_CREDITS(false),
  /** HTTP 400 and other 4xx: the service refused the request as given. */
  BAD_REQUEST(false),
  /** HTTP 404: the generation id is unknown or its result expired (kept one hour). */
  NOT_FOUND(false),
  /** HTTP 429 after retries. */
  RATE_LIMITED(true),
  /** HTTP 5xx/504 after retries. */
  SERVICE_ERROR(true),
  /** Could not reach the service (connection refused, reset, timed out) after retries. */
  TRANSPORT(true),
  /** The service ran the job and reported failure. */
  JOB_FAILED(false),
  /** The job was not final before the configured job timeout. */
  DEADLINE(false),
  /**
   * The bot stopped after the audio had gone to the service in full but before its answer came: the
   * service may have taken (and billed) the job, and without its id it cannot be polled. The user
   * is asked to send it again rather than the bot paying for a second create on its own.
   */
  INTERRUPTED(false);

  private final boolean retryable;

  FailureKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether a request that failed this way may be sent again after a pause. */
  public boolean retryable() {
    return retryable;
  }

  /** Whether the operator must act (key or credits) rather than the user. */
  public boolean operatorProblem() {
    return this == REJECTED_KEY || this == OUT_OF_CREDITS;
  }
}
