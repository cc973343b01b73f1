package dev.voxscribe.core.stt;

import dev.voxscribe.core.TranscriptionException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for a call of {@link SpeechApi} where blocking is fine (the command line, tests). */
final class SpeechApiCalls {
  private SpeechApiCalls() {}

  static JobStatus await(CompletableFuture<JobStatus> call) {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      throw TranscriptionException.from(e.getCause() == null ? e : e.getCause());
    }
  }
}
