package dev.voxscribe.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextsTest {
  private static final Locale RU = Locale.forLanguageTag("ru");
  private static final Locale UK = Locale.forLanguageTag("uk");

  @Test
  void completeBundlesHaveNoProblems() {
    assertThat(Texts.load(TextsTest.class, "good").problems()).isEmpty();
  }

  @Test
  void missingExtraAndBrokenKeysAreEachNamed() {
    assertThat(Texts.load(TextsTest.class, "bad").problems()).containsExactlyInAnyOrder(
        "bad_de: lacks files",
        "bad_de: has extra, which English does not",
        "bad_de: greeting has arguments {nom=none}, English has {name=none}",
        "bad_de: size has arguments {mb=none}, English has {mb=number}",
        "bad_es: greeting is not valid ICU MessageFormat: Bad argument syntax: [at pattern index 7] \"name!\"",
        "bad_ru: files lacks the plural form few of {count}",
        "bad_ru: files lacks the plural form many of {count}");
  }

  @Test
  void russianAndUkrainianPluralsFor1_2_5_21() {
    Texts t = Texts.load(TextsTest.class, "good");
    assertThat(java.util.stream.IntStream.of(1, 2, 5, 21).mapToObj(n -> t.text(RU, "files", "count", n)))
        .containsExactly("1 файл", "2 файла", "5 файлов", "21 файл");
    assertThat(java.util.stream.IntStream.of(1, 2, 5, 21).mapToObj(n -> t.text(UK, "files", "count", n)))
        .containsExactly("1 файл", "2 файли", "5 файлів", "21 файл");
  }

  @Test
  void aMissingKeyFallsBackToEnglishAndNumbersFollowTheLocale() {
    Texts t = Texts.load(TextsTest.class, "bad");
    assertThat(t.text(Locale.GERMAN, "files", "count", 2)).isEqualTo("2 files");
    Texts good = Texts.load(TextsTest.class, "good");
    assertThat(good.text(Locale.GERMAN, "size", "mb", 1500)).isEqualTo("1.500 MB");
    assertThat(good.text(Locale.ENGLISH, "size", "mb", 1500)).isEqualTo("1,500 MB");
  }

  @Test
  void platformCodesMapToTheSupportedLanguageOrEnglish() {
    assertThat(Texts.supported("de")).isEqualTo(Locale.GERMAN);
    assertThat(Texts.supported("pt-br")).isEqualTo(Locale.forLanguageTag("pt-BR"));
    assertThat(Texts.supported("pt")).isEqualTo(Locale.forLanguageTag("pt-BR"));
    assertThat(Texts.supported("es-419")).isEqualTo(Locale.forLanguageTag("es"));
    assertThat(Texts.supported("uk_UA")).isEqualTo(UK);
    assertThat(Texts.supported("en-GB")).isEqualTo(Locale.ENGLISH);
    assertThat(Texts.supported("ja")).isEqualTo(Locale.ENGLISH);
    assertThat(Texts.supported("")).isEqualTo(Locale.ENGLISH);
    assertThat(Texts.isSupported("tr")).isTrue();
    assertThat(Texts.isSupported("xx")).isFalse();
  }
}
