package dev.voxscribe.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A finished transcription.
 *
 * @param text the transcript; empty when the audio held no recognisable speech
 * @param language the language the service detected (or was told), when it says
 * @param audioDuration the audio's length, when the service reports it
 * @param words words with timings, when the model returns them
 * @param generationId the service's id of the job that produced it
 * @param model the model that produced it
 */
public record Transcript(
    String text,
    Optional<String> language,
    Optional<Duration> audioDuration,
    List<Word> words,
    String generationId,
    String model) {

  public Transcript {
    words = List.copyOf(words);
  }

  public boolean isBlank() {
    return text.isBlank();
  }
}
