package dev.voxscribe.core.format;

import java.time.Duration;
import java.util.Locale;

/** Durations and languages as a person reads them, for every platform's replies. */
public final class Spoken {
  private Spoken() {}

  /** {@code de} → "German", {@code pt-BR} or {@code en_us} → "Portuguese (Brazil)", "English (United States)"; unknown codes as given. */
  public static String languageName(String code) {
    return languageName(code, Locale.ENGLISH);
  }

  /** As {@link #languageName(String)}, in the reader's language: {@code de} in French → "allemand". */
  public static String languageName(String code, Locale in) {
    Locale locale = Locale.forLanguageTag(code.replace('_', '-'));
    String name = locale.getDisplayLanguage(in);
    if (name.isEmpty() || name.equalsIgnoreCase(code)) return code;
    // zh-Hant → "Chinese (Traditional)", pt-BR → "Portuguese (Brazil)"
    String detail = String.join(", ", java.util.stream.Stream.of(locale.getDisplayScript(in), locale.getDisplayCountry(in))
        .filter(d -> !d.isEmpty()).toList());
    return detail.isEmpty() ? name : name + " (" + detail + ")";
  }

  /** A length as on a player: {@code 0:03}, {@code 12:34}, {@code 1:02:03}; never below one second. */
  public static String clock(Duration d) {
    long s = Math.max(1, Math.round(d.toMillis() / 1000.0));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** A limit in words: "20 minutes", "1 minute", "90 seconds". */
  public static String minutes(Duration d) {
    long s = d.toSeconds();
    if (s % 60 != 0 || s < 60) return s + (s == 1 ? " second" : " seconds");
    long m = s / 60;
    return m + (m == 1 ? " minute" : " minutes");
  }

  /** A span in short words, rounded down: "3 h 12 min", "45 min", "30 s"; "0 min" for nothing. */
  public static String span(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      long m = (s % 3600) / 60;
      return s / 3600 + " h" + (m == 0 ? "" : " " + m + " min");
    }
    if (s >= 60 || s == 0) return s / 60 + " min";
    return s + " s";
  }

  /** Time until {@code d} has passed, never "0": "3 h 12 min", "1 min". */
  public static String until(Duration d) {
    return d.toSeconds() < 60 ? "1 min" : span(d);
  }
}
