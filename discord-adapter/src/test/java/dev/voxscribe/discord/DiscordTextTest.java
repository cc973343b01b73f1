package dev.voxscribe.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.format.TextChunks;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Discord escaper against random transcripts built from the pieces Discord gives meaning to.
 * The checks model Discord's rendering, not the escaper: a backslash before a punctuation mark
 * shows that mark alone; markup needs its characters unescaped.
 */
class DiscordTextTest {
  /** Pieces a hostile or merely unlucky transcript is made of. */
  static final List<String> PIECES = List.of(
      "hello", "world", " ", " ", " ", "\n", "\n\n", "  ", "\t", "2024", "7", ".", ",", "!", "?", ":", "//",
      "*", "**", "_", "__", "~", "~~", "|", "||", "`", "```", "\\", "\\\\", "[", "]", "(", ")", "<", ">", ">>> ", "> ",
      "#", "# ", "## ", "### ", "-# ", "- ", "-", "+ ", "* ", "1. ", "12) ", "@", "@everyone", "@here", "<@123>",
      "<@!456>", "<@&789>", "<#42>", "</cmd:1>", "<t:1700000000:R>", "<:pepe:99>", "<a:dance:98>",
      "https://evil.example/x", "http://a.b", "[free nitro](https://evil.example)", "<https://x.y>", "é", "🎙", "ñ");
  static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  static final Pattern MENTION = Pattern.compile(
      "@everyone|@here|<@!?\\d+>|<@&\\d+>|<#\\d+>|</[\\w -]+:\\d+>|<t:-?\\d+(:[tTdDfFR])?>|<a?:\\w+:\\d+>");
  static final Pattern LINK = Pattern.compile("(?i)https?://");
  static final Pattern LINE_MARKUP = Pattern.compile("^[ \\t]*(#{1,3}[ \\t]|-#[ \\t]|>{1,3}[ \\t]|[-+*][ \\t]|\\d+[.)][ \\t])");

  static String randomTranscript(Random random) {
    StringBuilder b = new StringBuilder();
    int pieces = 1 + random.nextInt(40);
    for (int i = 0; i < pieces; i++) b.append(PIECES.get(random.nextInt(PIECES.size())));
    return b.toString();
  }

  /** What Discord shows for escaped text: each backslash-punctuation pair as the mark alone. */
  static String rendered(String escaped) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\' && i + 1 < escaped.length() && PUNCTUATION.indexOf(escaped.charAt(i + 1)) >= 0) {
        b.append(escaped.charAt(++i));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Whether the character at {@code i} is escaped: preceded by an odd run of backslashes. */
  static boolean escaped(String s, int i) {
    int n = 0;
    while (i - 1 - n >= 0 && s.charAt(i - 1 - n) == '\\') n++;
    return n % 2 == 1;
  }

  /** Markup Discord would render anywhere in {@code s}, or null. */
  static String markupIn(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("*_~|`[".indexOf(c) >= 0 && !escaped(s, i)) return "unescaped " + c + " at " + i;
    }
    for (Matcher m = MENTION.matcher(s); m.find(); ) {
      if (!escaped(s, m.start())) return "mention " + m.group();
    }
    for (Matcher m = LINK.matcher(s); m.find(); ) return "link at " + m.start(); // escaped "\:" breaks every match
    // Any place a message part could begin: the start, after whitespace (a cut between words).
    for (int i = 0; i < s.length(); i++) {
      if (i > 0 && !Character.isWhitespace(s.charAt(i - 1))) continue;
      if (LINE_MARKUP.matcher(s.substring(i)).lookingAt()) return "line markup at " + i + ": " + s.substring(i);
    }
    return null;
  }

  @Test
  void randomTranscriptsReadAsSaidWithNoMentionLinkOrMarkup() {
    Random random = new Random(20261201L);
    for (int run = 0; run < 5000; run++) {
      String said = randomTranscript(random);
      String out = DiscordText.escape(said);
      assertThat(rendered(out)).as("rendered %s", out).isEqualTo(said);
      assertThat(markupIn(out)).as("escaped %s", out).isNull();
      // A long transcript is cut into messages: each part holds up on its own.
      for (String part : TextChunks.split(out, 2 + random.nextInt(30))) {
        assertThat(markupIn(part)).as("part %s of %s", part, out).isNull();
      }
    }
  }

  @Test
  void examplesThatNeedNoEscapeStayAsTheyAre() {
    assertThat(DiscordText.escape("Hello there, how are you? Fine.")).isEqualTo("Hello there, how are you? Fine.");
    assertThat(DiscordText.escape("a-b c#d e>f")).isEqualTo("a-b c#d e>f");
  }

  @Test
  void examplesOfWhatIsEscaped() {
    assertThat(DiscordText.escape("# Heading")).isEqualTo("\\# Heading");
    assertThat(DiscordText.escape("-# small")).isEqualTo("\\-\\# small");
    assertThat(DiscordText.escape("[text](https://x.y)")).isEqualTo("\\[text\\](https\\://x.y)");
    assertThat(DiscordText.escape("1. one")).isEqualTo("1\\. one");
    assertThat(DiscordText.escape("@everyone")).isEqualTo("\\@everyone");
    assertThat(DiscordText.escape("<@123>")).isEqualTo("\\<\\@123\\>");
    assertThat(DiscordText.escape("back\\slash")).isEqualTo("back\\\\slash");
  }

  /** The checks above can fail: unescaped markup is caught. */
  @Test
  void theModelCatchesMarkup() {
    assertThat(markupIn("# Heading")).isNotNull();
    assertThat(markupIn("see https://x.y")).isNotNull();
    assertThat(markupIn("hi @everyone")).isNotNull();
    assertThat(markupIn("a [b](c)")).isNotNull();
    assertThat(markupIn("x - item")).isNotNull();
    assertThat(markupIn("\\# fine \\@everyone https\\://x")).isNull();
  }
}
