package dev.voxscribe.core.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into messages of at most N characters (UTF-16 units, as Telegram and Discord count)
 * at sentence ends, else at word gaps, else anywhere but inside a surrogate pair or a backslash
 * escape. The chunks joined
 * give back the input exactly: the whitespace at a cut stays at the end of the earlier chunk.
 */
public final class TextChunks {
  private TextChunks() {}

  public static List<String> split(String text, int maxChars) {
    if (maxChars < 2) throw new IllegalArgumentException("chunk size must be at least 2, got " + maxChars);
    List<String> chunks = new ArrayList<>();
    int start = 0;
    while (text.length() - start > maxChars) {
      int end = cut(text, start, start + maxChars);
      chunks.add(text.substring(start, end));
      start = end;
    }
    if (start < text.length() || chunks.isEmpty()) chunks.add(text.substring(start));
    return chunks;
  }

  /** The best cut in (start, limit]: after a sentence end and its spaces, else after a space, else hard. */
  private static int cut(String text, int start, int limit) {
    // Sentence ends count only in the later half of the window, so chunks stay reasonably full.
    int floor = start + (limit - start) / 2;
    int best = -1;
    for (int i = limit - 1; i >= floor; i--) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) && i > start && isSentenceEnd(text.charAt(i - 1))) {
        best = i + 1;
        break;
      }
      if (c == '\n') {
        best = i + 1;
        break;
      }
    }
    if (best < 0) {
      for (int i = limit - 1; i > start; i--) {
        if (Character.isWhitespace(text.charAt(i))) {
          best = i + 1;
          break;
        }
      }
    }
    if (best < 0) {
      best = limit;
      if (Character.isLowSurrogate(text.charAt(best)) && Character.isHighSurrogate(text.charAt(best - 1))) best--;
      // Nor between a backslash and the character it escapes (Discord's escaped text has many).
      int backslashes = 0;
      while (best - 1 - backslashes >= start && text.charAt(best - 1 - backslashes) == '\\') backslashes++;
      if (backslashes % 2 == 1) best--;
    }
    return best;
  }

  private static boolean isSentenceEnd(char c) {
    return c == '.' || c == '!' || c == '?' || c == '…' || c == '。' || c == '！' || c == '？' || c == ';';
  }
}
