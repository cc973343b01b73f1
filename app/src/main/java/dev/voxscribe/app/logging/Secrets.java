package dev.voxscribe.app.logging;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Masks secrets in any text bound for a log or a terminal. Known values (the configured keys and
 * tokens) are registered at start; shapes that are secrets whatever their value (Telegram bot
 * tokens, bearer headers, {@code /bot<token>/} URL paths) are masked even when unregistered.
 */
public final class Secrets {
  private static final String MASK = "***";
  private static final List<String> known = new CopyOnWriteArrayList<>();
  private static final Pattern TELEGRAM_TOKEN = Pattern.compile("\\b\\d{5,}:[A-Za-z0-9_-]{30,}");
  private static final Pattern BEARER = Pattern.compile("(?i)(Bearer\\s+)[A-Za-z0-9._~+/=-]+");
  private static final Pattern BOT_PATH = Pattern.compile("(/bot)\\d+:[^/\\s]+(/)");
  private static final Pattern DISCORD_TOKEN = Pattern.compile("\\b[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}\\b");

  private Secrets() {}

  /** Registers values to mask from now on (empty and very short values are ignored: they would mask too much). */
  public static void register(Collection<String> secrets) {
    for (String s : secrets) {
      if (s.length() >= 6 && !known.contains(s)) known.add(s);
    }
  }

  public static String mask(String text) {
    String out = text;
    for (String s : known) {
      if (out.contains(s)) out = out.replace(s, MASK);
    }
    if (out.indexOf(':') >= 0) out = TELEGRAM_TOKEN.matcher(out).replaceAll(MASK);
    out = BEARER.matcher(out).replaceAll("$1" + MASK);
    out = BOT_PATH.matcher(out).replaceAll("$1" + MASK + "$2");
    out = DISCORD_TOKEN.matcher(out).replaceAll(MASK);
    return out;
  }
}
