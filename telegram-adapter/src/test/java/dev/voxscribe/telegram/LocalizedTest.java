package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.text.Texts;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bot writes in the reader's language: the user's app in private, the group's /ui choice in groups. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalizedTest {
  static final Locale ES = Locale.forLanguageTag("es");
  static final TgUser HANS = TgUser.person(2001, "Hans").speaking("de");
  static final TgUser ANA = TgUser.person(2002, "Ana").speaking("es");
  static final TgUser JOE = TgUser.person(2003, "Joe").speaking("en");
  static final TgUser OLGA = TgUser.person(2004, "Olga").speaking("ru");
  static final TgChat HANS_CHAT = TgChat.privateWith(HANS);
  static final TgChat GROUP = TgChat.supergroup(-1005550001L, "Equipo");

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void start() throws Exception {
    h = Harness.start(dir, Harness.TUNING);
    h.aiml.script(JobScript.completes("Hallo zusammen.").afterPolls(1));
  }

  @AfterEach
  void stop() {
    h.close();
    h.assertTokenNeverLeaked();
  }

  private TgFile voiceFile(String seed) {
    return h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed));
  }

  @Test
  void everyBundleHasEveryKeyWithTheSamePlaceholdersAndThePluralFormsItNeeds() {
    assertThat(Messages.TEXTS.problems()).isEmpty();
    for (Locale l : Texts.SUPPORTED) {
      assertThat(Messages.TEXTS.keys(l)).as("keys of %s", l).isEqualTo(Messages.TEXTS.keys(Locale.ENGLISH));
    }
  }

  @Test
  void russianAndUkrainianLimitsAndCountsTakeTheRightPluralForm() {
    Messages ru = Harness.TEXTS.in(Locale.forLanguageTag("ru"));
    Messages uk = Harness.TEXTS.in(Locale.forLanguageTag("uk"));
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> ru.limit(Duration.ofMinutes(n))))
        .containsExactly("1 минута", "2 минуты", "5 минут", "21 минута");
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> uk.limit(Duration.ofMinutes(n))))
        .containsExactly("1 хвилина", "2 хвилини", "5 хвилин", "21 хвилина");
    Transcript t = new Transcript("x", Optional.empty(), Optional.empty(), List.of(), "g", "m");
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> ru.fileCaption(t, n)))
        .containsExactly("Расшифровка, 1 символ", "Расшифровка, 2 символа", "Расшифровка, 5 символов", "Расшифровка, 21 символ");
    assertThat(IntStream.of(1, 2, 5, 21).mapToObj(n -> uk.fileCaption(t, n)))
        .containsExactly("Розшифровка, 1 символ", "Розшифровка, 2 символи", "Розшифровка, 5 символів", "Розшифровка, 21 символ");
  }

  @Test
  void numbersLengthsAndLanguageNamesFollowTheLocale() {
    Transcript t = new Transcript("x", Optional.of("en"), Optional.of(Duration.ofSeconds(75)), List.of(), "g", "m");
    assertThat(Harness.TEXTS.in(Locale.GERMAN).fileCaption(t, 12_345)).isEqualTo("Abschrift, 12.345 Zeichen · Englisch · 1:15");
    assertThat(Harness.TEXTS.fileCaption(t, 12_345)).isEqualTo("Transcript, 12,345 characters · English · 1:15");
    assertThat(Harness.TEXTS.in(Locale.FRENCH).fileCaption(t, 12_345)).isEqualTo("Transcription, 12\u202f345 caractères · anglais · 1:15");
  }

  @Test
  void aGermanUserGetsGermanStartRefusalsAndFooters() {
    int start = h.tg.message(HANS_CHAT, HANS).text("/start").send();
    String help = h.answerTo(HANS_CHAT.id(), start).text();
    assertThat(help).isEqualTo(Harness.TEXTS.in(Locale.GERMAN).helpPrivate())
        .startsWith("🎙 Ich mache aus Sprachnachrichten Text.").contains("20 MB und 20 Minuten pro Datei");

    int big = h.tg.message(HANS_CHAT, HANS).voice(h.tg.registerFileOfSize("voice/gross.oga", 25L << 20), 60).send();
    assertThat(h.answerTo(HANS_CHAT.id(), big).text()).isEqualTo("📦 Die Datei ist mir zu groß: Die Grenze liegt bei 20 MB.");
    int longOne = h.tg.message(HANS_CHAT, HANS).voice(voiceFile("lang"), 1300).send();
    assertThat(h.answerTo(HANS_CHAT.id(), longOne).text()).isEqualTo("⏱ Die Aufnahme ist mir zu lang: Die Grenze liegt bei 20 Minuten.");

    int voice = h.tg.message(HANS_CHAT, HANS).voice(voiceFile("hallo"), 3).send();
    String answer = h.answerTo(HANS_CHAT.id(), voice).text();
    assertThat(answer).startsWith("Hallo zusammen.").endsWith("🗣 Englisch · 0:03");

    int text = h.tg.message(HANS_CHAT, HANS).text("hallo?").send();
    assertThat(h.answerTo(HANS_CHAT.id(), text).text()).isEqualTo(Harness.TEXTS.in(Locale.GERMAN).privateHint());
  }

  @Test
  void aGroupSetToSpanishGetsSpanishFromEveryone() {
    h.tg.setMemberStatus(GROUP, ANA, "administrator");
    int refused = h.tg.message(GROUP, JOE).text("/ui es").send();
    assertThat(h.answerTo(GROUP.id(), refused).text()).as("in Joe's language, auto being the default")
        .isEqualTo(Harness.TEXTS.adminsOnly());

    int set = h.tg.message(GROUP, ANA).text("/ui es").send();
    assertThat(h.answerTo(GROUP.id(), set).text()).isEqualTo("✅ A partir de ahora escribo aquí en español.");
    assertThat(h.store().get(ChatSettings.scope(GROUP.id()), ChatSettings.UI)).contains("es");

    int voice = h.tg.message(GROUP, JOE).voice(voiceFile("grupo"), 4).send();
    assertThat(h.answerTo(GROUP.id(), voice).text()).startsWith("Hallo zusammen.").endsWith("🗣 inglés · 0:03");
    int notAdmin = h.tg.message(GROUP, OLGA).text("/auto off").send();
    assertThat(h.answerTo(GROUP.id(), notAdmin).text()).isEqualTo("Solo los administradores del grupo pueden cambiar eso.");
    int help = h.tg.message(GROUP, JOE).text("/help").send();
    assertThat(h.answerTo(GROUP.id(), help).text()).isEqualTo(Harness.TEXTS.in(ES).helpGroup()).contains("/ui <código>|auto");

    int bad = h.tg.message(GROUP, ANA).text("/ui klingon").send();
    assertThat(h.answerTo(GROUP.id(), bad).text()).startsWith("Usa /ui seguido de").contains("pt-BR");
  }

  @Test
  void uiAutoAnswersEachPersonInTheirOwnLanguage() {
    h.tg.setMemberStatus(GROUP, ANA, "creator");
    int es = h.tg.message(GROUP, ANA).text("/ui es").send();
    h.answerTo(GROUP.id(), es);
    int auto = h.tg.message(GROUP, ANA).text("/ui auto").send();
    assertThat(h.answerTo(GROUP.id(), auto).text()).isEqualTo("✅ Responderé a cada uno en su idioma.");

    int olga = h.tg.message(GROUP, OLGA).text("/auto off").send();
    assertThat(h.answerTo(GROUP.id(), olga).text()).isEqualTo("Это могут изменить только админы группы.");
    int hans = h.tg.message(GROUP, HANS).voice(voiceFile("auto-de"), 2).send();
    assertThat(h.answerTo(GROUP.id(), hans).text()).endsWith("🗣 Englisch · 0:03");
  }

  @Test
  void theCommandMenuIsSetForEveryLanguage() {
    for (Locale l : Texts.SUPPORTED) {
      if (l.equals(Locale.ENGLISH)) continue;
      List<JsonNode> menu = Await.until("the " + l + " menu", () -> h.tg.commands(l.getLanguage()), m -> !m.isEmpty());
      assertThat(menu).extracting(c -> c.path("command").asText())
          .containsExactlyElementsOf(h.tg.commandNames());
      for (JsonNode c : menu) {
        assertThat(c.path("description").asText()).as("/%s in %s", c.path("command").asText(), l)
            .isEqualTo(Harness.TEXTS.in(l).menu(c.path("command").asText(), "?"));
      }
    }
    assertThat(h.tg.commands("de")).anySatisfy(c -> assertThat(c.path("description").asText()).isEqualTo("So benutzt du diesen Bot"));
    assertThat(h.tg.commands()).anySatisfy(c -> assertThat(c.path("description").asText()).isEqualTo("How to use this bot"));
  }
}
