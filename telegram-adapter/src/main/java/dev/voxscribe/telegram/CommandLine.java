package dev.voxscribe.telegram;

import java.util.Locale;
import java.util.Optional;

/**
 * A command as typed: {@code /name}, or {@code /name@bot} in groups, then arguments.
 *
 * @param name lower case, without the slash
 * @param args the rest of the text, stripped
 */
record CommandLine(String name, String args) {

  /** Parses {@code text}; empty when it is no command or one addressed to another bot. */
  static Optional<CommandLine> parse(String text, String botUsername) {
    if (!text.startsWith("/") || text.length() < 2) return Optional.empty();
    int end = 1;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) end++;
    String head = text.substring(1, end);
    int at = head.indexOf('@');
    if (at >= 0) {
      if (!head.substring(at + 1).equalsIgnoreCase(botUsername)) return Optional.empty();
      head = head.substring(0, at);
    }
    if (head.isEmpty()) return Optional.empty();
    return Optional.of(new CommandLine(head.toLowerCase(Locale.ROOT), text.substring(end).strip()));
  }
}
