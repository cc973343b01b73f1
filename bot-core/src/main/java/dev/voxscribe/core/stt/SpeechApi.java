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
   * @return the job's first status: usually {@link JobStatus.Pending} with the generation id
   * @throws TranscriptionException with the kind of failure
   */
  JobStatus create(AudioSource audio, TranscriptionOptions options);

  /**
   * Reads a job's status once.
   *
   * @throws TranscriptionException with the kind of failure
   */
  JobStatus fetch(String generationId);
}
