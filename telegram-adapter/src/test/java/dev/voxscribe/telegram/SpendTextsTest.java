package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.text.SpendTexts;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The limits' words from the Telegram bundle: plural forms and short units per language. */
class SpendTextsTest {
  private static SpendTexts in(String tag) {
    return new SpendTexts(Messages.TEXTS, Locale.forLanguageTag(tag));
  }

  @Test
  void russianAndUkrainianQueueRefusalsTakeTheRightPluralForm() {
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> in("ru").refusal(Refusal.queue(n))))
        .extracting(s -> s.replaceAll(".*уже (\\d+ \\S+) в очереди.*", "$1"))
        .containsExactly("1 запись", "2 записи", "5 записей", "21 запись");
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> in("uk").refusal(Refusal.queue(n))))
        .extracting(s -> s.replaceAll(".*уже (\\d+ \\S+) у черзі.*", "$1"))
        .containsExactly("1 запис", "2 записи", "5 записів", "21 запис");
  }

  @Test
  void spansReadShortInEachLanguage() {
    Duration d = Duration.ofMinutes(192);
    assertThat(in("en").span(d)).isEqualTo("3 h 12 min");
    assertThat(in("de").span(d)).isEqualTo("3 Std. 12 Min.");
    assertThat(in("ru").span(d)).isEqualTo("3 ч 12 мин");
    assertThat(in("uk").span(Duration.ofSeconds(30))).isEqualTo("30 с");
    assertThat(in("tr").span(Duration.ofHours(2))).isEqualTo("2 sa");
    assertThat(in("en").until(Duration.ofSeconds(5))).as("never 0").isEqualTo("1 min");
    assertThat(in("fr").notAllowed()).isEqualTo("Désolé, ce bot n’est pas disponible ici.");
  }
}
