package dev.voxscribe.core.extras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.Word;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.llm.AimlChatApi;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.spend.Spending;
import dev.voxscribe.core.store.UsageStore;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buttons' service against the chat stand-in and a real store file. */
class TranscriptExtrasTest {
  @TempDir Path dir;
  private final FakeAimlApi fake = new FakeAimlApi();
  static final Requester P = Requester.inPrivate("telegram", "9");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  /** Issue 10's counters, with one minute a day for each person and 0.02 USD a minute. */
  private final Spending spending = new Spending(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)),
      UsageStore.inMemory(), clock, Metrics.DISCARDING);
  private AimlChatApi chat;
  private SqliteStore store;
  private TranscriptExtras extras;

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  @BeforeEach
  void start() {
    chat = new AimlChatApi(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey(), Duration.ofSeconds(5),
        Duration.ofSeconds(5)), clock);
    open();
  }

  private void open() {
    store = SqliteStore.open(dir);
    extras = new TranscriptExtras(chat, store.extras(), ExtrasPolicy.defaults("gpt-4o-mini"),
        spending, clock);
  }

  @AfterEach
  void stop() {
    store.close();
    chat.close();
    fake.close();
  }

  static Transcript transcript(String text, Optional<String> language) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    for (String token : text.split(" ")) {
      words.add(new Word(token, Duration.ofMillis(i * 300L), Duration.ofMillis(i * 300L + 250), Optional.of(0.9), Optional.empty()));
      i++;
    }
    return new Transcript(text, language, Optional.of(Duration.ofSeconds(30)), words, "gen-" + text.hashCode(), "#g1_whisper-large");
  }

  static final String LONG = ("We need to move the release to Thursday because the database migration is not ready. "
      + "Maria will check the backups tonight, and Tom will write to the customers tomorrow morning. ").repeat(3).strip();

  private static Press press(List<Press> buttons, Action action) {
    return buttons.stream().filter(p -> p.action() == action).findFirst().orElseThrow();
  }

  @Test
  void aPressAsksOnceAndASecondPressByAnyoneCostsNothing() throws Exception {
    fake.chat().reply(call -> "• The release moves to Thursday.\n• Maria checks backups.");
    fake.chat().usdPerCall(new BigDecimal("0.0002"));
    List<Press> buttons = extras.buttons(transcript(LONG, Optional.of("en")), true);
    assertThat(buttons).extracting(Press::action).containsExactly(Action.SUMMARY, Action.TRANSLATE, Action.SUBTITLES);

    ExtraResult first = extras.press(press(buttons, Action.SUMMARY), Optional.of("en"), Requester.inPrivate("telegram", "1")).get(5, TimeUnit.SECONDS);
    ExtraResult second = extras.press(press(buttons, Action.SUMMARY), Optional.of("de"), Requester.inPrivate("telegram", "2")).get(5, TimeUnit.SECONDS);

    assertThat(first).isEqualTo(new ExtraResult.Text("• The release moves to Thursday.\n• Maria checks backups.", true));
    assertThat(second).isEqualTo(new ExtraResult.Text("• The release moves to Thursday.\n• Maria checks backups.", false));
    assertThat(fake.chat().count()).isEqualTo(1);
    // The reported 0.0002 USD is 600 ms at 0.02 USD a minute, for the first presser only.
    assertThat(spending.usage(Requester.inPrivate("telegram", "1")).used()).isEqualTo(Duration.ofMillis(600));
    assertThat(spending.usage(Requester.inPrivate("telegram", "2")).used()).isZero();
    assertThat(spending.stats().today().usd()).isEqualByComparingTo("0.0002");
    assertThat(fake.chat().calls().get(0).contentOf("user")).contains("database migration");
  }

  @Test
  void aPressAfterARestartStillFindsTheTranscriptAndItsResults() throws Exception {
    List<Press> buttons = extras.buttons(transcript(LONG, Optional.of("en")), false);
    extras.press(press(buttons, Action.SUMMARY), Optional.empty(), P).get(5, TimeUnit.SECONDS);
    store.close();
    open();

    ExtraResult again = extras.press(Press.parse(press(buttons, Action.SUMMARY).data()).orElseThrow(), Optional.empty(), P)
        .get(5, TimeUnit.SECONDS);
    ExtraResult translated = extras.press(press(buttons, Action.TRANSLATE), Optional.of("de"), P).get(5, TimeUnit.SECONDS);

    assertThat(again).isInstanceOfSatisfying(ExtraResult.Text.class, t -> assertThat(t.fresh()).isFalse());
    assertThat(translated).isInstanceOfSatisfying(ExtraResult.Text.class, t -> assertThat(t.fresh()).isTrue());
    assertThat(fake.chat().count()).isEqualTo(2);
  }

  @Test
  void theTranslationTargetIsThePressersLanguageElseEnglish() throws Exception {
    Press german = press(extras.buttons(transcript("Hallo zusammen, wir sehen uns morgen.", Optional.of("de")), false), Action.TRANSLATE);
    Press english = press(extras.buttons(transcript("See you tomorrow at the station.", Optional.of("en")), false), Action.TRANSLATE);

    extras.press(german, Optional.of("pt-br"), P).get(5, TimeUnit.SECONDS);
    extras.press(german, Optional.of("de-DE"), P).get(5, TimeUnit.SECONDS);
    extras.press(english, Optional.of("fr"), P).get(5, TimeUnit.SECONDS);
    ExtraResult same = extras.press(english, Optional.of("en-US"), P).get(5, TimeUnit.SECONDS);

    assertThat(fake.chat().calls()).extracting(c -> c.contentOf("system").replaceAll(".*into ([^.]+?)\\. Keep.*", "$1"))
        .containsExactly("Portuguese (pt)", "English (en)", "French (fr)");
    assertThat(same).isEqualTo(new ExtraResult.SameLanguage("en"));
  }

  @Test
  void aChinesePresserGetsTheirScriptTraditionalOrSimplified() throws Exception {
    // Discord's zh-TW and Telegram's zh-hant read Traditional characters, zh-CN Simplified: "Chinese"
    // alone got whichever the model chose. Each script is kept apart; a region without one is plain zh.
    Press english = press(extras.buttons(transcript("See you tomorrow at the station.", Optional.of("en")), false), Action.TRANSLATE);

    ExtraResult taiwan = extras.press(english, Optional.of("zh-TW"), P).get(5, TimeUnit.SECONDS);
    extras.press(english, Optional.of("zh-hant"), P).get(5, TimeUnit.SECONDS);
    extras.press(english, Optional.of("zh-CN"), P).get(5, TimeUnit.SECONDS);
    extras.press(english, Optional.of("zh"), P).get(5, TimeUnit.SECONDS);

    assertThat(fake.chat().calls()).extracting(c -> c.contentOf("system").replaceAll(".*into ([^.]+?)\\. Keep.*", "$1"))
        .containsExactly("Chinese (Traditional) (zh-Hant)", "Chinese (Simplified) (zh-Hans)", "Chinese (zh)");
    assertThat(taiwan).isInstanceOfSatisfying(ExtraResult.Text.class,
        t -> assertThat(t.language()).contains("zh-Hant"));
  }

  @Test
  void shortTranscriptsGetNoSummaryAndVoiceNotesNoSubtitles() {
    assertThat(extras.buttons(transcript("Short one.", Optional.empty()), false)).extracting(Press::action)
        .containsExactly(Action.TRANSLATE);
    Transcript noTimes = new Transcript(LONG, Optional.empty(), Optional.empty(), List.of(), "g", "openai/gpt-4o-transcribe");
    assertThat(extras.buttons(noTimes, true)).extracting(Press::action).containsExactly(Action.SUMMARY, Action.TRANSLATE);
  }

  @Test
  void buttonsSwitchedOffOfferNothingAndRefuseOldPresses() throws Exception {
    Press old = press(extras.buttons(transcript(LONG, Optional.empty()), false), Action.SUMMARY);
    TranscriptExtras off = new TranscriptExtras(chat, store.extras(),
        ExtrasPolicy.defaults("gpt-4o-mini").withButtons(EnumSet.noneOf(Action.class)), spending, clock);

    assertThat(off.buttons(transcript(LONG, Optional.empty()), true)).isEmpty();
    assertThat(off.press(old, Optional.empty(), P).get()).isEqualTo(new ExtraResult.Unavailable());
    assertThat(fake.chat().requests()).isZero();
  }

  @Test
  void aPressAfterTheTranscriptExpiredSaysSoAndCostsNothing() throws Exception {
    Press p = press(extras.buttons(transcript(LONG, Optional.empty()), false), Action.SUMMARY);
    clock.now = clock.now.plus(Duration.ofHours(25));

    assertThat(extras.press(p, Optional.empty(), P).get()).isEqualTo(new ExtraResult.Expired());
    assertThat(extras.press(new Press(Action.TRANSLATE, "unknownId12345"), Optional.empty(), P).get())
        .isEqualTo(new ExtraResult.Expired());
    assertThat(fake.chat().requests()).isZero();
  }

  @Test
  void aFailedAnswerIsNeitherKeptNorCharged() throws Exception {
    Press p = press(extras.buttons(transcript(LONG, Optional.empty()), false), Action.SUMMARY);
    fake.failNext(Endpoint.CHAT, 503);
    assertThat(extras.press(p, Optional.empty(), P).get(5, TimeUnit.SECONDS))
        .isEqualTo(new ExtraResult.Failed(FailureKind.SERVICE_ERROR));
    assertThat(spending.stats().today().usd()).isZero();
    assertThat(spending.usage(P).used()).isZero();
    assertThat(extras.press(p, Optional.empty(), P).get(5, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(ExtraResult.Text.class, t -> assertThat(t.fresh()).isTrue());
    fake.creditsExhausted(true);
    Press t = press(extras.buttons(transcript(LONG, Optional.empty()), false), Action.TRANSLATE);
    assertThat(extras.press(t, Optional.of("de"), P).get(5, TimeUnit.SECONDS))
        .isEqualTo(new ExtraResult.Failed(FailureKind.OUT_OF_CREDITS));
  }

  @Test
  void aModelSlowerThanTheChatTimeoutIsADeadline() throws Exception {
    TranscriptExtras impatient = new TranscriptExtras(chat, store.extras(),
        new ExtrasPolicy("gpt-4o-mini", EnumSet.allOf(Action.class), Duration.ofHours(1), Optional.empty(), Duration.ofMillis(300)),
        spending, clock);
    Press p = press(impatient.buttons(transcript(LONG, Optional.empty()), false), Action.SUMMARY);
    fake.chat().delay(Duration.ofSeconds(2));

    assertThat(impatient.press(p, Optional.empty(), P).get(5, TimeUnit.SECONDS))
        .isEqualTo(new ExtraResult.Failed(FailureKind.DEADLINE));
    assertThat(store.extras().extra(p.transcriptId(), TranscriptExtras.SUMMARY, "-")).isEmpty();
  }

  @Test
  void pressesAtTheSameTimeShareOneAnswer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    fake.chat().reply(call -> {
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "• shared";
    });
    Press p = press(extras.buttons(transcript(LONG, Optional.empty()), false), Action.SUMMARY);
    var a = extras.press(p, Optional.empty(), Requester.inPrivate("telegram", "10"));
    var b = extras.press(p, Optional.empty(), Requester.inPrivate("telegram", "11"));
    release.countDown();

    assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(new ExtraResult.Text("• shared", true));
    assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(new ExtraResult.Text("• shared", false));
    assertThat(fake.chat().count()).isEqualTo(1);
  }

  @Test
  void subtitlesNeedNoServiceCall() throws Exception {
    Press p = press(extras.buttons(transcript("One two three.", Optional.empty()), true), Action.SUBTITLES);
    ExtraResult r = extras.press(p, Optional.empty(), P).get();
    assertThat(r).isInstanceOfSatisfying(ExtraResult.File.class, f -> {
      assertThat(f.name()).isEqualTo("subtitles.srt");
      assertThat(f.content()).startsWith("1\n00:00:00,000 --> 00:00:00,850\nOne two three.\n");
    });
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void callbackDataIsShortAndParsesBack() {
    Press p = press(extras.buttons(transcript(LONG, Optional.empty()), false), Action.TRANSLATE);
    assertThat(p.data().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(64);
    assertThat(Press.parse(p.data())).contains(p);
    assertThat(Press.parse("vx1:z:abcdefgh12345678")).isEmpty();
    assertThat(Press.parse("something else")).isEmpty();
  }

  @Test
  void aPressOverAUsedUpQuotaIsRefusedBeforeTheModelIsAskedAndCostsNothing() throws Exception {
    fake.chat().usdPerCall(new BigDecimal("0.02")); // a whole minute's worth
    fake.chat().reply(call -> "• Short.");
    List<Press> buttons = extras.buttons(transcript(LONG, Optional.of("en")), true);
    assertThat(extras.press(press(buttons, Action.SUMMARY), Optional.empty(), P).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExtraResult.Text.class);
    assertThat(spending.usage(P).used()).isEqualTo(Duration.ofMinutes(1));

    var refused = extras.press(press(buttons, Action.TRANSLATE), Optional.of("de"), P);
    assertThat(refused).isDone();
    assertThat(refused.get()).isInstanceOfSatisfying(ExtraResult.Refused.class,
        r -> assertThat(r.refusal().limit()).isEqualTo(dev.voxscribe.core.spend.Limit.USER_MINUTES));
    assertThat(extras.summary(transcript("Another one entirely.", Optional.empty()), P).get())
        .isInstanceOf(ExtraResult.Refused.class);
    assertThat(fake.chat().count()).isEqualTo(1);
    assertThat(spending.stats().today().usd()).isEqualByComparingTo("0.02");
    // A kept answer is still served: it costs nothing.
    assertThat(extras.press(press(buttons, Action.SUMMARY), Optional.empty(), P).get())
        .isEqualTo(new ExtraResult.Text("• Short.", false));
    // Someone else still has their minute.
    assertThat(extras.press(press(buttons, Action.TRANSLATE), Optional.of("de"), Requester.inPrivate("telegram", "12"))
        .get(5, TimeUnit.SECONDS)).isInstanceOf(ExtraResult.Text.class);
  }
}
