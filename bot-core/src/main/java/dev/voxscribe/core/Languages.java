package dev.voxscribe.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Language codes as users type them, made into what the service expects. */
public final class Languages {
  /** "Detect the language": overrides a configured default language. */
  public static final String AUTO = "auto";

  /** An ISO 639 code with an optional region or script: {@code en}, {@code pt-BR}, {@code zh-Hant}. */
  private static final Pattern CODE = Pattern.compile("^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?$");

  private Languages() {}

  /**
   * {@code auto} (any case), or the code with a lower-case language and a region in upper case or a
   * script in title case: {@code PT_br} → {@code pt-BR}, {@code zh-hant} → {@code zh-Hant}.
   *
   * @return empty when the text is not a language code
   */
  public static Optional<String> normalize(String text) {
    String a = text.strip();
    if (a.equalsIgnoreCase(AUTO)) return Optional.of(AUTO);
    var m = CODE.matcher(a);
    if (!m.matches()) return Optional.empty();
    String lang = m.group(1).toLowerCase(Locale.ROOT);
    if (m.group(2) == null) return Optional.of(lang);
    String sub = m.group(2);
    sub = sub.length() == 2 ? sub.toUpperCase(Locale.ROOT)
        : sub.substring(0, 1).toUpperCase(Locale.ROOT) + sub.substring(1).toLowerCase(Locale.ROOT);
    return Optional.of(lang + "-" + sub);
  }

  /**
   * Whether {@code code} (as {@link #normalize} returns it) names a language: {@code de} and
   * {@code pt-BR} do, {@code xx} and {@code qq-ZZ} only look like codes.
   */
  public static boolean known(String code) {
    String primary = code.split("-", 2)[0].toLowerCase(Locale.ROOT);
    String name = Locale.forLanguageTag(primary).getDisplayLanguage(Locale.ENGLISH);
    return !name.isEmpty() && !name.equalsIgnoreCase(primary);
  }
}
