package dev.voxscribe.core.transcribe;

import java.time.Instant;

/**
 * What a request's job tells whoever keeps it, as it moves on: the audio goes to the service, the
 * service took it. Called on the service's threads; an implementation writes a line to the store
 * and returns, it never waits.
 */
public interface JobProgress {
  /**
   * The audio is fetched and is about to be sent to the service (the create). False when the job is
   * no longer this instance's (another instance took it over while this one was presumed dead): then
   * nothing is created and the request fails ({@link dev.voxscribe.core.FailureKind#INTERRUPTED}).
   */
  boolean creating();

  /** The service took the job: from now on it is polled under {@code generationId}. */
  void polling(String generationId, Instant createdAt);

  /** Nothing is kept (the command line, tests). */
  JobProgress NONE = new JobProgress() {
    @Override public boolean creating() { return true; }
    @Override public void polling(String generationId, Instant createdAt) {}
  };
}
