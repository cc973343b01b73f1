package dev.voxscribe.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of configuration errors. A problem line may quote what was given, so it is
 * passed through here before anyone sees it: the values of secret variables ({@code *_TOKEN},
 * {@code *_KEY}, {@code *_SECRET}, {@code *_PASSWORD}) are replaced wherever they appear, the
 * credentials of URLs ({@code https://user:pass@host}) are hidden, and so is anything shaped like a
 * bot token or an API key, whichever variable it was pasted into.
 */
public final class Redaction {
  /** What stands in for a hidden value. */
  public static final String MASK = "***";

  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(_TOKEN|_KEY|_SECRET|_PASSWORD)$");
  /** {@code scheme://user[:password]@}: the credentials part. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s@'\"]+@");
  /** A password as a URL's query parameter, as PostgreSQL's JDBC URL takes it ({@code ?password=}, {@code &sslpassword=}). */
  private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&;](?:ssl)?password=)[^&;#\\s'\"]+");
  private static final Pattern TELEGRAM_TOKEN = Pattern.compile("\\d{5,}:[A-Za-z0-9_-]{30,}");
  private static final Pattern DISCORD_TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,30}\\.[A-Za-z0-9_-]{5,7}\\.[A-Za-z0-9_-]{25,45}");
  /** API keys as services hand them out: a known prefix, or a long run of letters and digits mixed. */
  private static final Pattern KEY_PREFIX = Pattern.compile("(?i)\\b(sk|pk|rk|key|api|tok)[-_][A-Za-z0-9_-]{8,}");
  private static final Pattern HEX_KEY = Pattern.compile("\\b[0-9A-Fa-f]{32,}\\b");
  private static final Pattern LONG_RUN = Pattern.compile("[A-Za-z0-9_-]{24,}");

  private Redaction() {}

  /** Whether a variable holds a secret by its name. */
  public static boolean isSecretName(String variable) {
    return SECRET_NAME.matcher(variable).matches();
  }

  /**
   * {@code text} with the values of the secret variables among {@code values}, URL credentials and
   * secret-shaped strings replaced by {@link #MASK}.
   */
  public static String scrub(String text, Map<String, String> values) {
    String out = text;
    List<String> known = new ArrayList<>();
    values.forEach((name, value) -> {
      // Very short values would mask ordinary words; those are no credential anyway.
      if (value != null && isSecretName(name) && value.strip().length() >= 4) known.add(value.strip());
    });
    known.sort(Comparator.comparingInt(String::length).reversed());
    for (String secret : known) out = out.replace(secret, MASK);
    return scrub(out);
  }

  /** {@code text} with URL credentials and secret-shaped strings replaced by {@link #MASK}. */
  public static String scrub(String text) {
    String out = credentials(text);
    out = TELEGRAM_TOKEN.matcher(out).replaceAll(MASK);
    out = DISCORD_TOKEN.matcher(out).replaceAll(MASK);
    out = KEY_PREFIX.matcher(out).replaceAll(MASK);
    out = HEX_KEY.matcher(out).replaceAll(MASK);
    return LONG_RUN.matcher(out).replaceAll(m -> looksRandom(m.group()) ? MASK : m.group());
  }

  /**
   * {@code text} with the credentials of URLs in it ({@code scheme://user:pass@}, {@code ?password=})
   * replaced by {@link #MASK}, and nothing else touched: for values shown as they are in force.
   */
  public static String credentials(String text) {
    String out = URL_CREDENTIALS.matcher(text).replaceAll("$1" + MASK + "@");
    return QUERY_PASSWORD.matcher(out).replaceAll("$1" + MASK);
  }

  /** The password values of {@code url}'s query ({@code password=}, {@code sslpassword=}), to register for masking. */
  public static java.util.List<String> queryPasswords(String url) {
    java.util.List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = QUERY_PASSWORD.matcher(url);
    while (m.find()) {
      String v = m.group().substring(m.group(1).length());
      out.add(java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8));
      out.add(v);
    }
    return out.stream().distinct().toList();
  }

  /** Every line of {@code problems}, scrubbed. */
  public static List<String> scrub(List<String> problems, Map<String, String> values) {
    return problems.stream().map(p -> scrub(p, values)).toList();
  }

  /** A URL as it may be shown: without its credentials. */
  public static String url(URI uri) {
    return scrub(uri.toString());
  }

  /**
   * Upper case, lower case and digits mixed over 24+ characters: a generated key, not a word, a
   * variable name or a temporary directory (which are one case).
   */
  private static boolean looksRandom(String run) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (char c : run.toCharArray()) {
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit;
  }
}
