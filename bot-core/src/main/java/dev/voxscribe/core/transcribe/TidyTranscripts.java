package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.format.SpeakerTurns;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What every caller gets back instead of the raw result: an artefact of silence becomes no speech
 * ({@link SilenceArtefacts}), and a result with speakers reads by turn ({@link SpeakerTurns}).
 * Applied after the caches, so the kept raw result never changes.
 */
final class TidyTranscripts implements TranscriptionService {
  private final TranscriptionService inner;

  TidyTranscripts(TranscriptionService inner) {
    this.inner = inner;
  }

  @Override
  public CompletableFuture<Transcript> transcribe(TranscriptionRequest request) {
    return inner.transcribe(request).thenApply(TidyTranscripts::tidy);
  }

  @Override
  public TranscriptionLimits limits() {
    return inner.limits();
  }

  @Override
  public dev.voxscribe.core.spend.Spending spending() {
    return inner.spending();
  }

  @Override
  public dev.voxscribe.core.Metrics metrics() {
    return inner.metrics();
  }

  @Override
  public AudioSpool spool() {
    return inner.spool();
  }

  static Transcript tidy(Transcript raw) {
    Transcript t = SilenceArtefacts.clean(raw);
    Optional<String> turns = SpeakerTurns.layout(t.words());
    if (turns.isEmpty()) return t;
    return new Transcript(turns.get(), t.language(), t.audioDuration(), t.words(), t.generationId(), t.model());
  }
}
