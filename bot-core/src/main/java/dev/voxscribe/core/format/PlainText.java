package dev.voxscribe.core.format;

/**
 * A transcript as text every chat platform accepts: without NUL and the other control characters
 * (line breaks and tabs stay), unpaired surrogates and non-characters, which platforms refuse with a
 * 400 ("text must be encoded in UTF-8") instead of showing.
 */
public final class PlainText {
  private PlainText() {}

  public static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
        continue;
      }
      if (Character.isSurrogate(c)) continue;
      if (c == '\n' || c == '\t') {
        out.append(c);
        continue;
      }
      if (c == '\r') continue;
      if (Character.isISOControl(c) || c == '\uFFFE' || c == '\uFFFF') continue;
      out.append(c);
    }
    return out.toString();
  }
}
