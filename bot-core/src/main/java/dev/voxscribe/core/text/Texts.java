package dev.voxscribe.core.text;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.text.PluralRules;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One adapter's texts in every supported language: a UTF-8 {@code .properties} file per language
 * ({@code <name>_en.properties}, {@code <name>_pt_BR.properties}, ...) next to a class, each value an
 * ICU MessageFormat pattern with named arguments. A key missing from a language falls back to
 * English, key by key, so a half-translated bundle still answers.
 */
public final class Texts {
  /** English first: it is the reference every other bundle is checked against, and the fallback. */
  public static final List<Locale> SUPPORTED = List.of(
      Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es"), Locale.FRENCH, Locale.ITALIAN,
      Locale.forLanguageTag("pt-BR"), Locale.forLanguageTag("ru"), Locale.forLanguageTag("uk"),
      Locale.forLanguageTag("tr"));

  private final String name;
  private final Map<Locale, Map<String, String>> patterns;
  private final Map<String, MessageFormat> compiled = new ConcurrentHashMap<>();

  private Texts(String name, Map<Locale, Map<String, String>> patterns) {
    this.name = name;
    this.patterns = patterns;
  }

  /** Loads {@code <name>_<lang>.properties} from {@code anchor}'s package; English must exist. */
  public static Texts load(Class<?> anchor, String name) {
    Map<Locale, Map<String, String>> all = new LinkedHashMap<>();
    for (Locale locale : SUPPORTED) {
      String file = name + "_" + locale.toString() + ".properties";
      try (InputStream in = anchor.getResourceAsStream(file)) {
        if (in == null) {
          if (locale.equals(Locale.ENGLISH)) throw new IllegalStateException("no English bundle " + file + " next to " + anchor.getName());
          all.put(locale, Map.of());
          continue;
        }
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        all.put(locale, Map.copyOf(m));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return new Texts(name, all);
  }

  /**
   * The supported locale for a platform's language code ({@code de}, {@code pt-br}, {@code en-US},
   * {@code es-419}, {@code uk_UA}); English for anything else. Brazilian Portuguese also serves
   * Portuguese, the closest thing we have.
   */
  public static Locale supported(String code) {
    if (code == null || code.isBlank()) return Locale.ENGLISH;
    String language = Locale.forLanguageTag(code.strip().replace('_', '-')).getLanguage();
    if (language.equals("pt")) return Locale.forLanguageTag("pt-BR");
    for (Locale l : SUPPORTED) if (l.getLanguage().equals(language)) return l;
    return Locale.ENGLISH;
  }

  /** Whether {@code code} names a supported language (so {@code /ui xx} can refuse the rest). */
  public static boolean isSupported(String code) {
    if (code == null || code.isBlank()) return false;
    String language = Locale.forLanguageTag(code.strip().replace('_', '-')).getLanguage();
    return SUPPORTED.stream().anyMatch(l -> l.getLanguage().equals(language));
  }

  /**
   * The text for {@code key} in {@code locale} (English where that language lacks it), with the
   * arguments given as name, value, name, value...
   */
  public String text(Locale locale, String key, Object... nameValuePairs) {
    Locale l = supported(locale.toLanguageTag());
    String pattern = patterns.get(l).get(key);
    if (pattern == null) {
      l = Locale.ENGLISH;
      pattern = patterns.get(l).get(key);
    }
    if (pattern == null) throw new IllegalArgumentException("no text " + key + " in " + name + "_en");
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameValuePairs.length; i += 2) args.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
    String p = pattern;
    Locale fl = l;
    MessageFormat f = compiled.computeIfAbsent(fl.toLanguageTag() + "\u0000" + key, k -> new MessageFormat(p, ULocale.forLocale(fl)));
    synchronized (f) { // MessageFormat is not thread-safe; these are tiny, a lock is cheaper than a copy
      return f.format(args);
    }
  }

  /** The keys of one language's own bundle (without the English fallback). */
  public Set<String> keys(Locale locale) {
    return new TreeSet<>(patterns.getOrDefault(locale, Map.of()).keySet());
  }

  /** One language's own pattern for a key, if it has one. */
  public Optional<String> pattern(Locale locale, String key) {
    return Optional.ofNullable(patterns.getOrDefault(locale, Map.of()).get(key));
  }

  /**
   * Everything wrong with the bundles, one line each: a key missing from a language or unknown to
   * English, a pattern ICU cannot parse, arguments whose names or kinds differ from English's, and
   * plural arguments without a form the language needs for whole numbers (one, few, many...).
   */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    Map<String, String> english = patterns.get(Locale.ENGLISH);
    for (Locale locale : SUPPORTED) {
      Map<String, String> own = patterns.get(locale);
      String file = name + "_" + locale;
      if (own.isEmpty()) {
        out.add(file + ": missing");
        continue;
      }
      for (String key : english.keySet()) if (!own.containsKey(key)) out.add(file + ": lacks " + key);
      for (String key : own.keySet()) if (!english.containsKey(key)) out.add(file + ": has " + key + ", which English does not");
      Set<String> needed = integerForms(locale);
      for (var e : own.entrySet()) {
        Map<String, String> args;
        try {
          args = arguments(e.getValue(), needed, out, file + ": " + e.getKey());
        } catch (IllegalArgumentException bad) {
          out.add(file + ": " + e.getKey() + " is not valid ICU MessageFormat: " + bad.getMessage());
          continue;
        }
        String ref = english.get(e.getKey());
        if (ref == null || locale.equals(Locale.ENGLISH)) continue;
        Map<String, String> refArgs;
        try {
          refArgs = arguments(ref, Set.of(), new ArrayList<>(), "");
        } catch (IllegalArgumentException bad) {
          continue; // reported under English
        }
        if (!refArgs.equals(args)) out.add(file + ": " + e.getKey() + " has arguments " + args + ", English has " + refArgs);
      }
    }
    return out;
  }

  /** The plural keywords a language uses for the whole numbers 0 to 200 (fractions and millions aside). */
  static Set<String> integerForms(Locale locale) {
    PluralRules rules = PluralRules.forLocale(ULocale.forLocale(locale));
    Set<String> forms = new TreeSet<>();
    for (int n = 0; n <= 200; n++) forms.add(rules.select(n));
    return forms;
  }

  /** Argument name → kind ("plural", "number", "none"...), checking each plural's forms on the way. */
  private static Map<String, String> arguments(String pattern, Set<String> neededForms, List<String> out, String where) {
    MessagePattern mp = new MessagePattern(MessagePattern.ApostropheMode.DOUBLE_OPTIONAL).parse(pattern);
    Map<String, String> args = new TreeMap<>();
    for (int i = 0; i < mp.countParts(); i++) {
      MessagePattern.Part part = mp.getPart(i);
      if (part.getType() != MessagePattern.Part.Type.ARG_START) continue;
      MessagePattern.ArgType type = part.getArgType();
      String argName = mp.getSubstring(mp.getPart(i + 1));
      String kind = type.name().toLowerCase(Locale.ROOT);
      if (type == MessagePattern.ArgType.SIMPLE) kind = mp.getSubstring(mp.getPart(i + 2));
      args.merge(argName, kind, (a, b) -> a.equals(b) ? a : a + "|" + b);
      if (type == MessagePattern.ArgType.PLURAL) {
        Set<String> present = new TreeSet<>();
        int limit = mp.getLimitPartIndex(i);
        for (int j = i + 2; j < limit; j++) {
          MessagePattern.Part sel = mp.getPart(j);
          if (sel.getType() == MessagePattern.Part.Type.ARG_SELECTOR) present.add(mp.getSubstring(sel));
          else if (sel.getType() == MessagePattern.Part.Type.MSG_START) j = mp.getLimitPartIndex(j);
        }
        Set<String> needed = new TreeSet<>(neededForms);
        if (!neededForms.isEmpty()) needed.add("other"); // ICU refuses a plural without it at format time
        for (String form : needed) {
          if (!present.contains(form)) out.add(where + " lacks the plural form " + form + " of {" + argName + "}");
        }
      }
    }
    return args;
  }
}
