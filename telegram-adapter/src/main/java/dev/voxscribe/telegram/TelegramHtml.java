package dev.voxscribe.telegram;

/**
 * The one way text goes into a message sent with {@code parse_mode=HTML}. Messages are plain text
 * (no parse mode) unless an issue says otherwise; where HTML is wanted (an expandable
 * {@code <blockquote>} around a long transcript, say), everything inside the bot's own tags is
 * passed through {@link #escape(String)} first, so a transcript saying {@code <b>} or
 * {@code &amp;} shows exactly that. Telegram's HTML knows only the entities {@code &lt; &gt; &amp;
 * &quot;}; escaping those four characters is all it needs, in text and in attribute values.
 */
final class TelegramHtml {
  private TelegramHtml() {}

  static String escape(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String entity = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        default -> null;
      };
      if (entity != null && b == null) b = new StringBuilder(text.length() + 16).append(text, 0, i);
      if (b != null) {
        if (entity != null) b.append(entity);
        else b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }
}
