package dev.voxscribe.core.format;

import dev.voxscribe.core.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Subtitles from word timings: every word in exactly one cue, cues numbered from 1, in order and
 * never overlapping. A cue ends at a sentence end, a pause, a change of speaker, or when it grows
 * past two short lines or a few seconds.
 */
public final class Subtitles {
  /** Longest text of one cue, about two subtitle lines. */
  static final int MAX_CHARS = 84;
  static final Duration MAX_CUE = Duration.ofSeconds(6);
  static final Duration PAUSE = Duration.ofMillis(900);
  /** A cue shorter than this is stretched (never past the next cue's start): too brief to read. */
  static final Duration MIN_CUE = Duration.ofMillis(500);

  /** One subtitle: its number, its time span and its text. */
  public record Cue(int index, Duration start, Duration end, String text) {}

  private Subtitles() {}

  /** Whether the words carry timings that subtitles can be built from (some word ends after zero). */
  public static boolean possible(List<Word> words) {
    return words.stream().anyMatch(w -> w.end().compareTo(Duration.ZERO) > 0);
  }

  /** The cues of {@code words}, in order, without overlaps; empty when there are no words. */
  public static List<Cue> cues(List<Word> words) {
    List<List<Word>> groups = new ArrayList<>();
    List<Word> current = new ArrayList<>();
    int chars = 0;
    for (Word w : words) {
      String token = w.text().strip();
      if (token.isEmpty()) continue;
      if (!current.isEmpty()) {
        Word first = current.get(0);
        Word last = current.get(current.size() - 1);
        boolean pause = w.start().minus(last.end()).compareTo(PAUSE) > 0;
        boolean tooLong = chars + 1 + token.length() > MAX_CHARS || w.end().minus(first.start()).compareTo(MAX_CUE) > 0;
        boolean speaker = !w.speaker().equals(last.speaker());
        if (endsSentence(last.text()) || pause || tooLong || speaker) {
          groups.add(current);
          current = new ArrayList<>();
          chars = 0;
        }
      }
      chars += (current.isEmpty() ? 0 : 1) + token.length();
      current.add(w);
    }
    if (!current.isEmpty()) groups.add(current);

    List<Cue> cues = new ArrayList<>(groups.size());
    Duration previousEnd = Duration.ZERO;
    for (int i = 0; i < groups.size(); i++) {
      List<Word> g = groups.get(i);
      Duration start = max(g.get(0).start(), previousEnd);
      Duration end = g.stream().map(Word::end).reduce(start, Subtitles::max);
      if (end.minus(start).compareTo(MIN_CUE) < 0) end = start.plus(MIN_CUE);
      if (i + 1 < groups.size()) {
        Duration nextStart = groups.get(i + 1).get(0).start();
        if (end.compareTo(nextStart) > 0) end = max(nextStart, start.plusMillis(1));
      }
      String text = String.join(" ", g.stream().map(w -> w.text().strip()).toList());
      cues.add(new Cue(i + 1, start, end, text));
      previousEnd = end;
    }
    return cues;
  }

  /** SubRip: {@code 1\n00:00:01,200 --> 00:00:03,400\ntext\n\n…}. */
  public static String srt(List<Word> words) {
    StringBuilder b = new StringBuilder();
    for (Cue c : cues(words)) {
      b.append(c.index()).append('\n')
          .append(stamp(c.start(), ',')).append(" --> ").append(stamp(c.end(), ',')).append('\n')
          .append(c.text()).append("\n\n");
    }
    return b.toString();
  }

  /** WebVTT: the {@code WEBVTT} header, then cues with {@code HH:MM:SS.mmm} times. */
  public static String vtt(List<Word> words) {
    StringBuilder b = new StringBuilder("WEBVTT\n\n");
    for (Cue c : cues(words)) {
      b.append(c.index()).append('\n')
          .append(stamp(c.start(), '.')).append(" --> ").append(stamp(c.end(), '.')).append('\n')
          .append(vttText(c.text())).append("\n\n");
    }
    return b.toString();
  }

  /**
   * Cue text as WebVTT reads it: '&' and '<' start character references and tags (a spoken "<b>"
   * would turn bold, an "&" be dropped), and "-->" may not appear at all; escaping '>' too covers it.
   */
  private static String vttText(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String stamp(Duration d, char millisSeparator) {
    long ms = Math.max(0, d.toMillis());
    return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d",
        ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60, millisSeparator, ms % 1000);
  }

  private static boolean endsSentence(String token) {
    String t = token.strip();
    return !t.isEmpty() && ".!?…。！？".indexOf(t.charAt(t.length() - 1)) >= 0;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
