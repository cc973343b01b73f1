package dev.voxscribe.telegram;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.spend.Spending;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import dev.voxscribe.core.transcribe.TranscriptionService;
import java.util.concurrent.CompletableFuture;

/**
 * The real service with a gate in front of its answers: while held, results wait for
 * {@link #release()}, so a test can see the placeholder before the transcript without racing the clock.
 */
final class GatedService implements TranscriptionService {
  private final TranscriptionService delegate;
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  GatedService(TranscriptionService delegate) {
    this.delegate = delegate;
  }

  void hold() {
    gate = new CompletableFuture<>();
  }

  void release() {
    gate.complete(null);
  }

  @Override
  public CompletableFuture<Transcript> transcribe(TranscriptionRequest request) {
    CompletableFuture<Transcript> result = delegate.transcribe(request);
    CompletableFuture<Void> g = gate;
    return g.isDone() ? result : result.thenCombine(g, (t, open) -> t);
  }

  @Override
  public TranscriptionLimits limits() {
    return delegate.limits();
  }

  @Override
  public Spending spending() {
    return delegate.spending();
  }

  @Override
  public dev.voxscribe.core.transcribe.AudioSpool spool() {
    return delegate.spool();
  }
}
