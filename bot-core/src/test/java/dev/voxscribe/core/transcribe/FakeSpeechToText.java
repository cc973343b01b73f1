package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.SpeechToText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A speech service whose jobs the test finishes by hand. */
final class FakeSpeechToText implements SpeechToText {
  record Call(AudioSource audio, TranscriptionOptions options, Optional<Duration> duration, CompletableFuture<Transcript> result) {
    void complete(String text) {
      result.complete(new Transcript(text, options.language(), Optional.empty(), List.of(), "gen-" + text, options.model()));
    }
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  volatile boolean completeAtOnce = true;

  @Override
  public CompletableFuture<Transcript> transcribe(AudioSource audio, TranscriptionOptions options, Optional<Duration> duration) {
    Call call = new Call(audio, options, duration, new CompletableFuture<>());
    calls.add(call);
    if (completeAtOnce) call.complete("transcript " + calls.size());
    return call.result();
  }
}
