package dev.voxscribe.core.format;

import dev.voxscribe.core.Word;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A transcript laid out by speaker: "Speaker 1: …", a new paragraph at each change. Speakers are
 * numbered from 1 in the order they first speak, whatever the service calls them (Deepgram's
 * {@code 0, 1, …}, AssemblyAI's {@code A, B, …}).
 */
public final class SpeakerTurns {
  private SpeakerTurns() {}

  /** One turn: who speaks (numbered from 1) and what they say. */
  public record Turn(int speaker, String text) {}

  /** The turns, when at least one word names its speaker; words without one stay with the current turn. */
  public static List<Turn> turns(List<Word> words) {
    if (words.stream().noneMatch(w -> w.speaker().isPresent())) return List.of();
    Map<String, Integer> numbers = new LinkedHashMap<>();
    List<Turn> turns = new ArrayList<>();
    int current = -1;
    StringBuilder text = new StringBuilder();
    for (Word w : words) {
      String token = w.text().strip();
      if (token.isEmpty()) continue;
      int speaker = w.speaker().map(s -> numbers.computeIfAbsent(s, k -> numbers.size() + 1))
          .orElse(current < 0 ? 1 : current);
      if (speaker != current && text.length() > 0) {
        turns.add(new Turn(current, text.toString()));
        text.setLength(0);
      }
      current = speaker;
      if (text.length() > 0) text.append(' ');
      text.append(token);
    }
    if (text.length() > 0) turns.add(new Turn(current, text.toString()));
    return turns;
  }

  /** The text by turns, or empty when the words carry no speakers. */
  public static Optional<String> layout(List<Word> words) {
    List<Turn> turns = turns(words);
    if (turns.isEmpty()) return Optional.empty();
    List<String> paragraphs = turns.stream().map(t -> "Speaker " + t.speaker() + ": " + t.text()).toList();
    return Optional.of(String.join("\n\n", paragraphs));
  }
}
