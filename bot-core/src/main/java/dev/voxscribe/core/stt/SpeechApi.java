package dev.voxscribe.core.stt;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;

/**
 * The two calls of the speech service, one HTTP request each, no retries. Blocking: callers run
 * them on an I/O executor and never wait between polls on a thread.
 */
public interface SpeechApi {

  /**
   * Starts a job.
   *
   * @param requestId sent as {@code X-Client-Request-Id} (1–128 of {@code [A-Za-z0-9._:-]}); the same
   *     for every attempt of one job, so the service's logs can tie retries together
   * @return the job's first status: usually {@link JobStatus.Pending} with the generation id
   * @throws TranscriptionException with the kind of failure
   */
  JobStatus create(AudioSource audio, TranscriptionOptions options, String requestId);

  /** {@link #create(AudioSource, TranscriptionOptions, String)} with a fresh request id. */
  default JobStatus create(AudioSource audio, TranscriptionOptions options) {
    return create(audio, options, java.util.UUID.randomUUID().toString());
  }

  /**
   * Reads a job's status once.
   *
   * @throws TranscriptionException with the kind of failure
   */
  JobStatus fetch(String generationId);
}
