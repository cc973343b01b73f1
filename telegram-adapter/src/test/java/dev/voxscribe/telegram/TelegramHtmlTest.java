package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Telegram HTML escaper: whatever a transcript says, it stays text between the bot's own tags. */
class TelegramHtmlTest {
  static final List<String> PIECES = List.of("hello", " ", "\n", "<", ">", "&", "\"", "'", "<b>", "</b>", "<i>",
      "<a href=\"https://evil.example\">", "</a>", "<blockquote expandable>", "</blockquote>", "&amp;", "&lt;",
      "&#60;", "&#x3C;", "&quot;", "<tg-spoiler>", "<pre><code class=\"language-x\">", "é", "🎙", ";", "#");
  /** What Telegram's parser treats as markup: a tag, or an entity it would decode. */
  static final Pattern MARKUP = Pattern.compile("<|>|&(?!(amp|lt|gt|quot);)");

  /** Telegram's reading of escaped text: its four named entities decoded, nothing else touched. */
  static String decoded(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
  }

  @Test
  void examples() {
    assertThat(TelegramHtml.escape("plain words")).isEqualTo("plain words");
    assertThat(TelegramHtml.escape("<b>bold</b> & \"quoted\""))
        .isEqualTo("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;");
    assertThat(TelegramHtml.escape("&amp;")).isEqualTo("&amp;amp;");
    assertThat(TelegramHtml.escape("")).isEmpty();
  }

  @Test
  void randomTextStaysTextAndReadsAsSaid() {
    Random random = new Random(20261201L);
    for (int run = 0; run < 5000; run++) {
      StringBuilder said = new StringBuilder();
      int pieces = 1 + random.nextInt(30);
      for (int i = 0; i < pieces; i++) said.append(PIECES.get(random.nextInt(PIECES.size())));
      String html = TelegramHtml.escape(said.toString());
      assertThat(html).as("escaped %s", said).doesNotContainPattern(MARKUP);
      // Inside the bot's own tag, still one quote and nothing else.
      String quoted = "<blockquote expandable>" + html + "</blockquote>";
      assertThat(decoded(quoted.substring(23, quoted.length() - 13))).isEqualTo(said.toString());
    }
  }
}
