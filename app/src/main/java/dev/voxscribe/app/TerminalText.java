package dev.voxscribe.app;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Text from the speech service as it may reach a terminal: without control characters other than
 * newline and tab. A transcript is the service's word about audio anyone could have made, and ESC
 * or BEL in it would drive the terminal (colours, titles, cursor moves, hidden lines) instead of
 * being read. {@code --json} needs none of this: JSON escapes them.
 */
final class TerminalText {
  /** JSON's own escapes, plus DEL and the C1 controls (U+007F to U+009F), which JSON allows raw. */
  static final CharacterEscapes JSON_ESCAPES = new CharacterEscapes() {
    private static final long serialVersionUID = 1L;
    private final int[] escapes = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      int[] codes = escapes.clone();
      codes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
      return codes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch >= 0x80 && ch <= 0x9F ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  };

  private TerminalText() {}

  static String printable(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean drop = Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t';
      if (drop && b == null) b = new StringBuilder(text.length()).append(text, 0, i);
      if (!drop && b != null) b.append(c);
    }
    return b == null ? text : b.toString();
  }
}
