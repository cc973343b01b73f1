package dev.voxscribe.core.stt;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The two calls of the speech service, one HTTP request each, no retries. Asynchronous: a request
 * in flight holds no thread, so a thousand jobs waiting on the service cost a thousand futures.
 */
public interface SpeechApi {

  /** The timeout of the blocking forms, which have no job deadline to take it from. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /**
   * Starts a job.
   *
   * @param requestId sent as {@code X-Client-Request-Id} (1–128 of {@code [A-Za-z0-9._:-]}); the same
   *     for every attempt of one job, so the service's logs can tie retries together
   * @param timeout how long the request may take, the upload included (the job's time left)
   * @return completes with the job's first status (usually {@link JobStatus.Pending} with the
   *     generation id), or exceptionally with a {@link TranscriptionException}: {@code TRANSPORT} when
   *     the request surely did not reach the service (the connection failed before it was sent),
   *     {@code SERVICE_ERROR} when it may have (a timeout, a connection lost mid-request, an
   *     unreadable answer), or the kind of the service's error answer with its HTTP status
   */
  CompletableFuture<JobStatus> createAsync(AudioSource audio, TranscriptionOptions options, String requestId,
      Duration timeout);

  /**
   * {@link #createAsync(AudioSource, TranscriptionOptions, String, Duration)}, calling {@code whole}
   * before the request can be whole at the service: its last bytes wait until the stage {@code whole}
   * returns completes. Until then the service holds at most part of a request, which it cannot take
   * (nor bill: "failed requests are never charged"); so a process that dies before {@code whole} ran
   * may send the create again, and one that dies after it may not. Called again for each send of
   * the body; when its stage fails, the request is never made whole (it fails, and cannot have
   * been taken). This default is the cautious form for clients that cannot hold bytes back: {@code
   * whole} before anything is sent.
   */
  default CompletableFuture<JobStatus> createAsync(AudioSource audio, TranscriptionOptions options, String requestId,
      Duration timeout, java.util.function.Supplier<? extends java.util.concurrent.CompletionStage<?>> whole) {
    return whole.get().toCompletableFuture().thenCompose(x -> createAsync(audio, options, requestId, timeout));
  }

  /**
   * Reads a job's status once.
   *
   * @param timeout how long the request may take
   * @return completes with the status, or exceptionally with a {@link TranscriptionException}
   */
  CompletableFuture<JobStatus> fetchAsync(String generationId, Duration timeout);

  /** {@link #createAsync} waited for, with {@link #DEFAULT_TIMEOUT} (the command line, tests, benchmarks). */
  default JobStatus create(AudioSource audio, TranscriptionOptions options, String requestId) {
    return SpeechApiCalls.await(createAsync(audio, options, requestId, DEFAULT_TIMEOUT));
  }

  /** {@link #create(AudioSource, TranscriptionOptions, String)} with a fresh request id. */
  default JobStatus create(AudioSource audio, TranscriptionOptions options) {
    return create(audio, options, java.util.UUID.randomUUID().toString());
  }

  /** {@link #fetchAsync} waited for, with {@link #DEFAULT_TIMEOUT}. */
  default JobStatus fetch(String generationId) {
    return SpeechApiCalls.await(fetchAsync(generationId, DEFAULT_TIMEOUT));
  }
}
