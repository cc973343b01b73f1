package dev.voxscribe.discord;

/**
 * Makes text that the bot did not write (transcripts, file names, what users typed) read in
 * Discord exactly as it was said: no bold or italics, no heading, subtext ({@code -# }), list,
 * block quote, code or spoiler, no masked link ({@code [text](url)}) or link at all, and no mention
 * or other {@code <…>} markup. Discord renders a backslash before any punctuation mark as that mark
 * alone, so every character that could start such markup gets one.
 *
 * <p>Markers that count only at the start of a line ({@code # > - +}, {@code 1.}) are escaped at
 * the start of every word and before every space too: a long transcript is split into several
 * messages between words, and each part starts a new first line.
 */
final class DiscordText {
  /** Markup wherever it stands: emphasis, code, spoilers, masked links, mentions and {@code <…>} tags, escapes. */
  private static final String ALWAYS = "\\*_~|`[]<@";
  /** Markup at the start of a line: headings and subtext, block quotes, list items. */
  private static final String LINE_START = "#>-+";

  private DiscordText() {}

  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean wordStart = i == 0 || Character.isWhitespace(text.charAt(i - 1));
      boolean beforeSpace = i + 1 == n || Character.isWhitespace(text.charAt(i + 1));
      if (ALWAYS.indexOf(c) >= 0
          || (LINE_START.indexOf(c) >= 0 && (wordStart || beforeSpace))
          // "1. " and "1) " start ordered lists; a message part may begin with the number.
          || ((c == '.' || c == ')') && i > 0 && isAsciiDigit(text.charAt(i - 1)) && beforeSpace)
          // "https://…" would become a link (and an embed): "https\://…" reads the same and is none.
          || (c == ':' && text.startsWith("//", i + 1))) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
