package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import dev.voxscribe.core.spend.Access;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.aiml.Upload;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Quotas, lists, budget, fair queueing, /usage and /stats, end to end through TelegramBots. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpendUnderControlTest {
  static final TgUser ALICE = TgUser.person(2001, "Alice");
  static final TgUser BOB = TgUser.person(2002, "Bob");
  static final TgUser OPERATOR = TgUser.person(2009, "Operator");
  static final TgChat ALICE_CHAT = TgChat.privateWith(ALICE);
  static final TgChat BOB_CHAT = TgChat.privateWith(BOB);
  static final TgChat OPERATOR_CHAT = TgChat.privateWith(OPERATOR);
  static final TgChat GROUP = TgChat.supergroup(-1005550001L, "Team");
  static final TgChat OTHER_GROUP = TgChat.supergroup(-1005550002L, "Elsewhere");
  /** 20:48 UTC: daily limits reset in 3 h 12 min. */
  static final Instant EVENING = Instant.parse("2026-12-01T20:48:00Z");

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(EVENING);
  Harness h;

  private Harness start(SpendPolicy policy) throws Exception {
    return start(Harness.LIMITS, policy);
  }

  private Harness start(TranscriptionLimits limits, SpendPolicy policy) throws Exception {
    h = Harness.startSpending(dir, limits, policy, clock);
    h.aiml.script(JobScript.completes("Hello there."));
    // Results without a length: the lengths Telegram announced are what counts.
    h.aiml.reportedDuration(OptionalDouble.empty());
    return h;
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
      h.assertTokenNeverLeaked();
    }
  }

  private TgFile voiceFile(String seed) {
    return h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed));
  }

  /** Sends /help and waits for its answer: the chat's earlier updates have all been handled by then. */
  private void syncWith(TgChat chat, TgUser user) {
    int help = h.tg.message(chat, user).text("/help").send();
    h.answerTo(chat.id(), help);
  }

  private String command(TgChat chat, TgUser user, String text) {
    int m = h.tg.message(chat, user).text(text).send();
    return h.answerTo(chat.id(), m).text();
  }

  @Test
  void refusalsAndUsageAreInTheReadersLanguageWithItsPluralsAndUnits() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)));
    TgUser hans = TgUser.person(2101, "Hans").speaking("de");
    TgChat hansChat = TgChat.privateWith(hans);
    int one = h.tg.message(hansChat, hans).voice(voiceFile("de-1"), 40).send();
    assertThat(h.answerTo(hansChat.id(), one).text()).startsWith("Hello there.");
    int two = h.tg.message(hansChat, hans).voice(voiceFile("de-2"), 30).send();
    assertThat(h.answerTo(hansChat.id(), two).text()).isEqualTo(
        "⏳ Diese Aufnahme ist länger als die 20 s, die du heute noch hast (von 1 Minute). "
            + "Sie werden um 00:00 UTC, in 3 Std. 12 Min. zurückgesetzt.");
    assertThat(command(hansChat, hans, "/usage")).isEqualTo("📊 Heute hast du 40 s von 1 Min. genutzt (1 Transkription).\n"
        + "Die Tageslimits werden in 3 Std. 12 Min. zurückgesetzt (um 00:00 UTC).");

    TgUser olga = TgUser.person(2102, "Olga").speaking("ru");
    TgChat olgaChat = TgChat.privateWith(olga);
    for (int i = 0; i < 2; i++) {
      int m = h.tg.message(olgaChat, olga).voice(voiceFile("ru-" + i), 5).send();
      assertThat(h.answerTo(olgaChat.id(), m).text()).startsWith("Hello there.");
    }
    assertThat(command(olgaChat, olga, "/usage")).startsWith("📊 Сегодня вы использовали 10 с из 1 мин (2 расшифровки).");
  }

  @Test
  void aQuotaUsedUpByAnnouncedLengthsRefusesTheNextBeforeAnyDownloadAndACachedNoteIsStillAnswered() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)));
    TgFile first = voiceFile("first");
    int one = h.tg.message(ALICE_CHAT, ALICE).voice(first, 40).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), one).text()).startsWith("Hello there.");

    TgFile second = voiceFile("second");
    int two = h.tg.message(ALICE_CHAT, ALICE).voice(second, 30).send();
    SentMessage refused = h.answerTo(ALICE_CHAT.id(), two);

    assertThat(refused.text()).isEqualTo("⏳ That recording is longer than the 20 s you have left today (of 1 minute). "
        + "They reset at 00:00 UTC, in 3 h 12 min.");
    assertThat(h.tg.downloads(second)).isZero();
    assertThat(h.aiml.createCount()).isEqualTo(1);

    // The first note again, forwarded: known by its file_unique_id, free, never refused.
    int again = h.tg.message(ALICE_CHAT, ALICE).forwardedFrom(BOB).voice(h.tg.reissue(first), 40).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), again).text()).startsWith("Hello there.");
    assertThat(h.aiml.createCount()).isEqualTo(1);

    // 20 s left: a 20-second note fits, then nothing is left at all.
    int three = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("third"), 20).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), three).text()).startsWith("Hello there.");
    int four = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("fourth"), 1).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), four).text())
        .isEqualTo("⏳ You've used your 1 minute for today. They reset at 00:00 UTC, in 3 h 12 min.");
    assertThat(h.stack.metrics().refusals("user_minutes")).isEqualTo(2);
  }

  @Test
  void aGuestCallersQuotaAppliesBeforeAnyDownloadOrCreate() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)));
    TgFile file = voiceFile("guest-long");
    int voice = h.tg.message(OTHER_GROUP, BOB).voice(file, 120).toUpdate().path("message").path("message_id").asInt();

    String query = h.tg.guestMessage(OTHER_GROUP, ALICE).replyTo(voice).sendGuest();

    var reply = Await.until("the guest answer to " + query, () -> h.tg.guestReplyTo(query),
        r -> r.isPresent() && r.get().text().startsWith("\u23f3")).orElseThrow();
    assertThat(reply.text()).contains("1 minute");
    assertThat(h.tg.downloads(file)).isZero();
    assertThat(h.aiml.createCount()).isZero();
  }

  @Test
  void anOperatorIsExemptAndOnlyOperatorsGetStats() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1))
        .withAccess(new Access(Set.of(), Set.of(), Set.of("telegram:" + OPERATOR.id()))));
    for (int i = 0; i < 3; i++) {
      int m = h.tg.message(OPERATOR_CHAT, OPERATOR).voice(voiceFile("op" + i), 50).send();
      assertThat(h.answerTo(OPERATOR_CHAT.id(), m).text()).startsWith("Hello there.");
    }
    assertThat(h.aiml.createCount()).isEqualTo(3);

    assertThat(command(BOB_CHAT, BOB, "/stats")).isEqualTo("Only the bot's operators can see its statistics.");
    String stats = command(OPERATOR_CHAT, OPERATOR, "/stats");
    assertThat(stats).startsWith("📈 Today: 3 paid jobs, 0 answered from the cache, 2 min of audio, $0.00372 (93 credits).")
        .contains("This month: 3 paid jobs")
        .contains("Refused today: person's minutes 0");
    assertThat(command(OPERATOR_CHAT, OPERATOR, "/usage"))
        .contains("Today you used 2 min of 1 min (3 transcriptions).")
        .contains("You're an operator of this bot: no limits apply to you.");
    assertThat(h.tg.commandNames()).contains("usage").doesNotContain("stats");
  }

  @Test
  void outsideTheAllowlistNothingIsFetchedOrCreatedAndOnlyPrivateChatsAndCommandsAreAnswered() throws Exception {
    start(SpendPolicy.UNLIMITED.withAccess(new Access(Set.of("telegram:" + GROUP.id()),
        Set.of("telegram:" + BOB.id()), Set.of())));
    TgFile privateNote = voiceFile("private");
    int inPrivate = h.tg.message(ALICE_CHAT, ALICE).voice(privateNote, 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), inPrivate).text()).isEqualTo("Sorry, this bot isn't available here.");

    int auto = h.tg.message(OTHER_GROUP, ALICE).voice(voiceFile("other-group"), 3).send();
    syncWith(OTHER_GROUP, ALICE);
    assertThat(h.repliesTo(OTHER_GROUP.id(), auto)).as("silence in groups").isEmpty();
    // Checked before the command is sent: after it, the bot may already have answered it.
    assertThat(h.tg.sentMessages(OTHER_GROUP.id()).stream().anyMatch(m -> m.text().equals("Sorry, this bot isn't available here.")))
        .as("no polite line to an auto-transcription in a group").isFalse();
    int asked = h.tg.message(OTHER_GROUP, ALICE).text("/transcribe").replyTo(auto).send();
    Await.until("the polite line to /transcribe", () -> h.tg.sentMessages(OTHER_GROUP.id()).stream()
        .anyMatch(m -> m.text().equals("Sorry, this bot isn't available here.")));
    assertThat(asked).isPositive();

    // Bob is blocked, even in the allowed group; Alice is welcome there.
    int blocked = h.tg.message(GROUP, BOB).voice(voiceFile("blocked"), 3).send();
    int welcome = h.tg.message(GROUP, ALICE).voice(voiceFile("welcome"), 3).send();
    assertThat(h.answerTo(GROUP.id(), welcome).text()).startsWith("Hello there.");
    syncWith(GROUP, ALICE);
    assertThat(h.repliesTo(GROUP.id(), blocked)).isEmpty();
    assertThat(h.aiml.createCount()).isEqualTo(1);
    assertThat(h.tg.downloads()).isEqualTo(1);
  }

  @Test
  void theDailyBudgetCountsTheHeadersFiguresAndItsRefusalNamesIt() throws Exception {
    start(SpendPolicy.UNLIMITED.withBudget(Optional.of(new BigDecimal("0.002")), new BigDecimal("0.02")));
    h.aiml.charge("0.001240000", 31);
    int one = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("paid"), 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), one).text()).startsWith("Hello there.");
    // 0.00124 spent by the header (the estimate would be 0.001): 0.00076 left, less than 3 s at 0.02 USD/min.
    int two = h.tg.message(BOB_CHAT, BOB).voice(voiceFile("over"), 3).send();
    assertThat(h.answerTo(BOB_CHAT.id(), two).text())
        .isEqualTo("⏳ I've spent my daily budget of $0.002 on transcriptions. It resets at 00:00 UTC, in 3 h 12 min.");
    assertThat(h.aiml.createCount()).isEqualTo(1);
    assertThat(h.stack.metrics().usdSpent()).isEqualTo(0.00124);
  }

  @Test
  void inAGroupAutoTranscriptionTellsAUsedUpQuotaOnceADayButTranscribeAlwaysAnswers() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofSeconds(10)));
    int a = h.tg.message(GROUP, ALICE).voice(voiceFile("g1"), 20).send();
    assertThat(h.answerTo(GROUP.id(), a).text()).startsWith("⏳ That recording is longer than the 10 s you have left");
    int b = h.tg.message(GROUP, ALICE).voice(voiceFile("g2"), 20).send();
    syncWith(GROUP, ALICE);
    assertThat(h.repliesTo(GROUP.id(), b)).as("told once already today").isEmpty();
    int asked = h.tg.message(GROUP, ALICE).text("/transcribe").replyTo(b).send();
    Await.until("an answer to /transcribe", () -> h.repliesTo(GROUP.id(), b), r -> !r.isEmpty());
    assertThat(h.repliesTo(GROUP.id(), b).get(0).text()).startsWith("⏳ That recording is longer");
    assertThat(asked).isPositive();
    // Bob is told too: once a day is per person.
    int c = h.tg.message(GROUP, BOB).voice(voiceFile("g3"), 20).send();
    assertThat(h.answerTo(GROUP.id(), c).text()).startsWith("⏳");
    assertThat(h.aiml.createCount()).isZero();
  }

  @Test
  void usageSaysWhatWasUsedTheLimitsAndWhenTheyReset() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(60)).withChatMinutes(Duration.ofMinutes(600)));
    int a = h.tg.message(GROUP, ALICE).voice(voiceFile("u1"), 90).send();
    h.answerTo(GROUP.id(), a);
    int b = h.tg.message(GROUP, BOB).voice(voiceFile("u2"), 45).send();
    h.answerTo(GROUP.id(), b);

    assertThat(command(GROUP, ALICE, "/usage")).isEqualTo("📊 Today you used 1 min of 1 h (1 transcription).\n"
        + "This chat: 2 min of 10 h (2 transcriptions).\nDaily limits reset at 00:00 UTC, in 3 h 12 min.");
    assertThat(command(BOB_CHAT, BOB, "/usage")).isEqualTo("📊 Today you used 45 s of 1 h (1 transcription).\n"
        + "Daily limits reset at 00:00 UTC, in 3 h 12 min.");
  }

  @Test
  void oneChatsFloodDelaysAnotherChatsNoteByAboutOneJob() throws Exception {
    start(new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 2, 256), SpendPolicy.UNLIMITED.withJobs(3, 0));
    h.aiml.hold(true);
    int[] flood = new int[50];
    for (int i = 0; i < 50; i++) flood[i] = h.tg.message(GROUP, ALICE).voice(voiceFile("flood-" + i), 2).send();
    Await.until("two running and 48 waiting", () -> h.aiml.createCount() == 2 && h.stack.metrics().queued().get() == 48);
    int bob = h.tg.message(BOB_CHAT, BOB).voice(voiceFile("bob"), 2).send();
    Await.until("Bob's note waiting too", () -> h.stack.metrics().queued().get() == 49);
    h.aiml.hold(false);

    assertThat(h.answerTo(BOB_CHAT.id(), bob).text()).startsWith("Hello there.");
    for (int m : flood) h.answerTo(GROUP.id(), m);
    List<String> order = h.aiml.uploads().stream().map(SpendUnderControlTest::seed).toList();
    assertThat(order).hasSize(51);
    // Two of Alice's were running; the group has at most one more turn before Bob's chat. Taken in
    // by the order of the downloads, which start as a job is let in: the order of the creates also
    // holds each download's time, and on a loaded machine the group's next job (let in once its third
    // was done) created before Bob's note, let in earlier, had finished downloading (index 4 in CI).
    List<String> admitted = h.tg.requestedPaths().stream().filter(p -> p.startsWith("/file/bot"))
        .map(p -> p.replaceAll(".*/voice/(.*)\\.oga$", "$1")).toList();
    assertThat(admitted).hasSize(51);
    assertThat(admitted.indexOf("bob")).isBetween(2, 3);
  }

  private static String seed(Upload u) {
    String s = new String(u.audio().orElseThrow(), StandardCharsets.ISO_8859_1);
    return s.substring(s.indexOf(':') + 1);
  }
}
