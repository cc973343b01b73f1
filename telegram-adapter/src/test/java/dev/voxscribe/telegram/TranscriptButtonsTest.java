package dev.voxscribe.telegram;

import dev.voxscribe.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.extras.ExtrasPolicy;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.GuestReply;
import dev.voxscribe.testing.telegram.SentDocument;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Summary, Translate and Subtitles under transcripts, end to end through TelegramBots and both stand-ins. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TranscriptButtonsTest {
  static final TgUser ALICE = TgUser.person(2001, "Alice");
  static final TgUser BOB = TgUser.person(2002, "Bob");
  static final TgChat ALICE_CHAT = TgChat.privateWith(ALICE);
  static final TgChat GROUP = TgChat.supergroup(-1002000000001L, "Team");
  static final String LONG = TelegramPlatformTest.sentences(600);

  @TempDir Path dir;
  Harness h;

  private void start(ExtrasPolicy policy) throws Exception {
    h = Harness.startWithButtons(dir, Harness.TUNING, policy);
  }

  private void start() throws Exception {
    start(ExtrasPolicy.defaults("gpt-4o-mini"));
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
      h.assertTokenNeverLeaked();
    }
  }

  private TgFile voice(String seed) {
    return h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed));
  }

  /** The transcript's message and the callback data of its buttons, by label. */
  private SentMessage transcriptWithButtons(TgChat chat, int voice) {
    return Await.until("the transcript with its buttons", () -> h.answerTo(chat.id(), voice),
        m -> !h.tg.keyboard(chat.id(), m.messageId()).isEmpty());
  }

  private String data(TgChat chat, SentMessage m, Action action) {
    return h.tg.keyboard(chat.id(), m.messageId()).get(0).stream()
        .filter(b -> b.get(0).equals(Harness.TEXTS.buttonLabel(action))).findFirst().orElseThrow().get(1);
  }

  private List<String> labels(TgChat chat, SentMessage m) {
    return h.tg.keyboard(chat.id(), m.messageId()).stream().flatMap(List::stream).map(b -> b.get(0)).toList();
  }

  private SentMessage replyTo(TgChat chat, SentMessage m, int index) {
    return Await.until("reply " + (index + 1) + " to the transcript", () -> h.repliesTo(chat.id(), m.messageId()),
        r -> r.size() > index).get(index);
  }

  @Test
  void aPressIsAnsweredAtOnceThenOneCompletionAndASecondPressCostsNothing() throws Exception {
    start();
    h.aiml.script(JobScript.completes(LONG));
    CountDownLatch modelMayAnswer = new CountDownLatch(1);
    h.aiml.chat().reply(call -> {
      try {
        modelMayAnswer.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "• Sentences talk about words.";
    });
    int v = h.tg.message(GROUP, ALICE).voice(voice("summary"), 40).send();
    SentMessage transcript = transcriptWithButtons(GROUP, v);
    assertThat(labels(GROUP, transcript)).containsExactly("📝 Summary", "🌐 Translate");

    String first = h.tg.pressButton(GROUP, BOB, transcript.messageId(), data(GROUP, transcript, Action.SUMMARY), Optional.of("en"));
    // Acknowledged while the chat model is still writing.
    Await.until("the callback answer", () -> h.tg.callbackAnswer(first).isPresent());
    assertThat(h.tg.callbackAnswer(first).get().path("text").asText()).isEqualTo(Harness.TEXTS.pressed(Action.SUMMARY));
    assertThat(h.repliesTo(GROUP.id(), transcript.messageId())).isEmpty();
    modelMayAnswer.countDown();

    SentMessage summary = replyTo(GROUP, transcript, 0);
    assertThat(summary.text()).isEqualTo(Harness.TEXTS.summary("• Sentences talk about words."));
    assertThat(h.aiml.chat().count()).isEqualTo(1);
    assertThat(h.aiml.chat().calls().get(0).model()).isEqualTo("gpt-4o-mini");
    // The answer's reported cost (the stand-in's 0.000124 USD) counts against Bob's quota and the
    // group's (372 ms at 0.02 USD a minute) and the day's spend, through issue 10's counters.
    Requester bob = Requester.inGroup("telegram", Long.toString(BOB.id()), Long.toString(GROUP.id()));
    assertThat(h.stack.spending().usage(bob).used()).isEqualTo(Duration.ofMillis(372));
    BigDecimal spent = h.stack.spending().stats().today().usd();

    String second = h.tg.pressButton(GROUP, ALICE, transcript.messageId(), data(GROUP, transcript, Action.SUMMARY), Optional.empty());
    assertThat(replyTo(GROUP, transcript, 1).text()).isEqualTo(summary.text());
    // A kept summary is answered and sent at once, in two calls: the reply may reach Telegram first.
    Await.until("the second callback answer", () -> h.tg.callbackAnswer(second).isPresent());
    assertThat(h.aiml.chat().count()).isEqualTo(1);
    assertThat(h.stack.spending().stats().today().usd()).isEqualByComparingTo(spent);
    assertThat(h.stack.spending().usage(bob).used()).isEqualTo(Duration.ofMillis(372));
    // The transcript itself never changes.
    assertThat(h.tg.sentMessages(GROUP.id()).stream().filter(m -> m.messageId() == transcript.messageId()).findFirst()
        .orElseThrow().versions()).hasSize(transcript.versions().size());
  }

  @Test
  void buttonsStillWorkAfterARestart() throws Exception {
    start();
    h.aiml.script(JobScript.completes(LONG));
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("restart"), 40).send();
    SentMessage transcript = transcriptWithButtons(ALICE_CHAT, v);

    h.restart();
    h.tg.pressButton(ALICE_CHAT, ALICE, transcript.messageId(), data(ALICE_CHAT, transcript, Action.TRANSLATE),
        Optional.of("de"));

    SentMessage translation = replyTo(ALICE_CHAT, transcript, 0);
    // Pressed from a German app: into German, under a German header.
    assertThat(translation.text()).startsWith("🌐 Deutsch\n\n");
    assertThat(h.aiml.chat().calls().get(0).contentOf("system")).contains("into German (de)");
    assertThat(h.aiml.chat().calls().get(0).contentOf("user")).contains("Sentence number 1");
  }

  @Test
  void aJobResumedAfterARestartIsAnsweredWithItsButtonsAndTheyWork() throws Exception {
    h = Harness.startKeepingWithButtons(dir, ExtrasPolicy.defaults("gpt-4o-mini"));
    // Long enough for the expandable quote (HTML): the kept plan carries each message's format.
    h.aiml.script(JobScript.completes(TelegramPlatformTest.sentences(1500)).afterPolls(1));
    h.aiml.chat().reply(call -> "• Kept across the restart.");
    h.aiml.hold(true);
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("resumed"), 40).send();
    String id = TelegramJobs.PLATFORM + ":" + ALICE_CHAT.id() + ":" + v;
    Await.until("the job polling", () -> h.fullStore().jobs().find(id),
        j -> j.isPresent() && j.get().stage() == dev.voxscribe.core.store.JobStage.POLLING);

    // A new process: the job is polled again and answered by the same delivery as a fresh one.
    h.restartFresh(() -> h.aiml.hold(false));

    SentMessage transcript = transcriptWithButtons(ALICE_CHAT, v);
    assertThat(labels(ALICE_CHAT, transcript)).containsExactly("📝 Summary", "🌐 Translate");
    assertThat(h.tg.entities(ALICE_CHAT.id(), transcript.messageId()))
        .anySatisfy(e -> assertThat(e.type()).isEqualTo("expandable_blockquote"));
    assertThat(h.aiml.createCount()).isEqualTo(1);
    // Its plan, kept with the job, names the buttons: a restart in the middle of the delivery sends them too.
    assertThat(h.fullStore().jobs().find(id).orElseThrow().plan()).hasValueSatisfying(plan ->
        assertThat(plan).contains(data(ALICE_CHAT, transcript, Action.SUMMARY)).contains("\"HTML\""));

    h.tg.pressButton(ALICE_CHAT, ALICE, transcript.messageId(), data(ALICE_CHAT, transcript, Action.SUMMARY),
        Optional.empty());
    assertThat(replyTo(ALICE_CHAT, transcript, 0).text()).isEqualTo(Harness.TEXTS.summary("• Kept across the restart."));
    assertThat(h.aiml.chat().count()).isEqualTo(1);
  }

  @Test
  void aTranscriptTelegramRefusesAsTextComesAsAFileWithItsButtons() throws Exception {
    start();
    h.aiml.script(JobScript.completes(LONG));
    h.tg.failNext("sendMessage", 400, "Bad Request: can't parse entities: unsupported start tag at byte offset 3");
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("refused"), 40).send();

    SentDocument file = Await.until("the transcript as a file", () -> h.tg.sentDocuments(ALICE_CHAT.id()),
        d -> !d.isEmpty()).get(0);
    assertThat(file.filename()).isEqualTo(Transcriber.FILE_NAME);
    assertThat(file.text()).isEqualTo(LONG);
    List<String> labels = h.tg.keyboard(ALICE_CHAT.id(), file.messageId()).stream().flatMap(List::stream)
        .map(b -> b.get(0)).toList();
    assertThat(labels).containsExactly("📝 Summary", "🌐 Translate");
    String translate = h.tg.keyboard(ALICE_CHAT.id(), file.messageId()).get(0).get(1).get(1);

    h.tg.pressButton(ALICE_CHAT, ALICE, file.messageId(), translate, Optional.of("de"));
    assertThat(Await.until("the translation", () -> h.repliesTo(ALICE_CHAT.id(), file.messageId()), r -> !r.isEmpty())
        .get(0).text()).startsWith("🌐 Deutsch\n\n");
  }

  @Test
  void theTranslationIsIntoThePressersLanguageOrEnglish() throws Exception {
    start();
    h.aiml.script(JobScript.completes("Short English words."));
    int v = h.tg.message(GROUP, ALICE).voice(voice("translate"), 3).send();
    SentMessage transcript = transcriptWithButtons(GROUP, v);
    assertThat(labels(GROUP, transcript)).containsExactly("🌐 Translate");
    String translate = data(GROUP, transcript, Action.TRANSLATE);

    h.tg.pressButton(GROUP, BOB, transcript.messageId(), translate, Optional.of("pt-br"));
    assertThat(replyTo(GROUP, transcript, 0).text()).startsWith("🌐 Português\n\n");
    h.tg.pressButton(GROUP, ALICE, transcript.messageId(), translate, Optional.of("en"));
    assertThat(replyTo(GROUP, transcript, 1).text()).isEqualTo(Harness.TEXTS.alreadyInLanguage("en"));

    assertThat(h.aiml.chat().calls()).hasSize(1);
    assertThat(h.aiml.chat().calls().get(0).contentOf("system")).contains("into Portuguese (pt)");
  }

  @Test
  void audioFilesGetValidSrtSubtitlesWithoutAServiceCallAndVoiceNotesNoButtonForThem() throws Exception {
    start();
    h.aiml.script(JobScript.completes("First sentence here. And a second one."));
    TgFile audio = h.tg.registerFile("music/talk.mp3", Harness.audio("talk"));
    int a = h.tg.message(ALICE_CHAT, ALICE).audio(audio, 4, "talk.mp3", "audio/mpeg").send();
    SentMessage transcript = transcriptWithButtons(ALICE_CHAT, a);
    assertThat(labels(ALICE_CHAT, transcript)).containsExactly("🌐 Translate", "🎬 Subtitles");
    int requestsBefore = h.aiml.requestCount();

    h.tg.pressButton(ALICE_CHAT, ALICE, transcript.messageId(), data(ALICE_CHAT, transcript, Action.SUBTITLES),
        Optional.empty());

    SentDocument srt = Await.until("the subtitles", () -> h.tg.sentDocuments(ALICE_CHAT.id()), d -> !d.isEmpty()).get(0);
    assertThat(srt.filename()).isEqualTo("subtitles.srt");
    assertThat(srt.replyTo()).contains(transcript.messageId());
    assertThat(srt.text()).isEqualTo("1\n00:00:00,000 --> 00:00:01,400\nFirst sentence here.\n\n"
        + "2\n00:00:01,500 --> 00:00:03,400\nAnd a second one.\n\n");
    assertThat(h.aiml.requestCount()).isEqualTo(requestsBefore);

    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("note"), 4).send();
    assertThat(labels(ALICE_CHAT, transcriptWithButtons(ALICE_CHAT, v))).doesNotContain("🎬 Subtitles");
  }

  @Test
  void anExpiredTranscriptSaysSoAtOnceAndCostsNothing() throws Exception {
    start();
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("expire"), 3).send();
    SentMessage transcript = transcriptWithButtons(ALICE_CHAT, v);
    h.extrasClock.advance(Duration.ofHours(25));

    String press = h.tg.pressButton(ALICE_CHAT, ALICE, transcript.messageId(), data(ALICE_CHAT, transcript, Action.TRANSLATE),
        Optional.of("de"));

    Await.until("the callback answer", () -> h.tg.callbackAnswer(press).isPresent());
    assertThat(h.tg.callbackAnswer(press).get().path("text").asText())
        .isEqualTo(Harness.TEXTS.in(java.util.Locale.GERMAN).expired()).startsWith("⌛ Diese Abschrift ist abgelaufen");
    assertThat(h.tg.callbackAnswer(press).get().path("show_alert").asBoolean()).isTrue();
    assertThat(h.aiml.chat().requests()).isZero();
  }

  @Test
  void aFailingChatModelGetsAShortAnswerAndNothingIsKept() throws Exception {
    start();
    h.aiml.script(JobScript.completes(LONG));
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("fail"), 40).send();
    SentMessage transcript = transcriptWithButtons(ALICE_CHAT, v);
    String summary = data(ALICE_CHAT, transcript, Action.SUMMARY);
    Duration usedBefore = h.stack.spending().usage(Requester.inPrivate("telegram", Long.toString(ALICE.id()))).used();
    h.aiml.failNext(Endpoint.CHAT, 503);

    h.tg.pressButton(ALICE_CHAT, ALICE, transcript.messageId(), summary, Optional.empty());
    assertThat(replyTo(ALICE_CHAT, transcript, 0).text())
        .isEqualTo(Harness.TEXTS.extraFailed(Action.SUMMARY, FailureKind.SERVICE_ERROR));
    assertThat(h.stack.spending().usage(Requester.inPrivate("telegram", Long.toString(ALICE.id()))).used())
        .as("only the transcription counts").isEqualTo(usedBefore);

    h.tg.pressButton(ALICE_CHAT, ALICE, transcript.messageId(), summary, Optional.empty());
    assertThat(replyTo(ALICE_CHAT, transcript, 1).text()).startsWith("📝 Summary");
    assertThat(h.aiml.chat().count()).isEqualTo(1);
  }

  @Test
  void withButtonsOffThereAreNone() throws Exception {
    start(ExtrasPolicy.defaults("gpt-4o-mini").withButtons(EnumSet.noneOf(Action.class)));
    h.aiml.script(JobScript.completes(LONG));
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("off"), 40).send();
    SentMessage answer = h.answerTo(ALICE_CHAT.id(), v);
    assertThat(h.tg.keyboard(ALICE_CHAT.id(), answer.messageId())).isEmpty();
  }

  @Test
  void aLongVoiceNoteGetsItsSummaryAboveTheTranscriptUnasked() throws Exception {
    start(ExtrasPolicy.defaults("gpt-4o-mini").withAutoSummaryAfter(Optional.of(Duration.ofSeconds(30))));
    h.aiml.script(JobScript.completes(LONG));
    h.aiml.chat().reply(call -> "• A summary.");
    int shortNote = h.tg.message(ALICE_CHAT, ALICE).voice(voice("short-note"), 20).send();
    assertThat(transcriptWithButtons(ALICE_CHAT, shortNote).text()).doesNotContain("A summary");

    int longNote = h.tg.message(ALICE_CHAT, ALICE).voice(voice("long-note"), 45).send();
    SentMessage answer = transcriptWithButtons(ALICE_CHAT, longNote);
    assertThat(answer.text()).startsWith(Harness.TEXTS.autoSummary("• A summary.") + "\n\n" + LONG.substring(0, 40));
    // The Summary button then answers from what was kept.
    h.tg.pressButton(ALICE_CHAT, ALICE, answer.messageId(), data(ALICE_CHAT, answer, Action.SUMMARY), Optional.empty());
    assertThat(replyTo(ALICE_CHAT, answer, 0).text()).isEqualTo(Harness.TEXTS.summary("• A summary."));
    assertThat(h.aiml.chat().count()).isEqualTo(1);
  }

  @Test
  void aLongVoiceNoteWithAShortTranscriptGetsNoSummaryUnasked() throws Exception {
    // A minute of mostly silence that says "Call me back.": a summary of it would be paid for and
    // say nothing, as the Summary button's threshold already knows.
    start(ExtrasPolicy.defaults("gpt-4o-mini").withAutoSummaryAfter(Optional.of(Duration.ofSeconds(30))));
    h.aiml.script(JobScript.completes("Call me back when you can."));
    h.aiml.chat().reply(call -> "• A summary.");
    int note = h.tg.message(ALICE_CHAT, ALICE).voice(voice("long-but-short"), 60).send();
    assertThat(transcriptWithButtons(ALICE_CHAT, note).text()).startsWith("Call me back when you can.")
        .doesNotContain("A summary");
    assertThat(h.aiml.chat().requests()).isZero();
  }

  @Test
  void aPressIsPaidForUnderTheQuotasAndOnceTheyAreUsedUpItIsRefusedAtOnceForNothing() throws Exception {
    // One minute a day for each person; each chat answer reports 0.02 USD, a minute at 0.02 USD a minute.
    h = Harness.startWithButtons(dir, ExtrasPolicy.defaults("gpt-4o-mini"),
        SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)), Clock.systemUTC());
    h.aiml.script(JobScript.completes(LONG));
    h.aiml.chat().usdPerCall(new BigDecimal("0.02"));
    Requester bob = Requester.inGroup("telegram", Long.toString(BOB.id()), Long.toString(GROUP.id()));
    int v = h.tg.message(GROUP, ALICE).voice(voice("quota"), 40).send();
    SentMessage transcript = transcriptWithButtons(GROUP, v);
    assertThat(h.stack.spending().usage(bob).used()).isZero();

    h.tg.pressButton(GROUP, BOB, transcript.messageId(), data(GROUP, transcript, Action.SUMMARY), Optional.of("en"));
    replyTo(GROUP, transcript, 0);
    assertThat(h.stack.spending().usage(bob).used()).isEqualTo(Duration.ofMinutes(1));
    BigDecimal spent = h.stack.spending().stats().today().usd();

    // Bob's minute is gone: his translation is refused before the chat model is asked, in a short
    // alert to him only, in his language; nothing is spent and nothing is posted in the group.
    String press = h.tg.pressButton(GROUP, BOB, transcript.messageId(), data(GROUP, transcript, Action.TRANSLATE),
        Optional.of("de"));
    Await.until("the callback answer", () -> h.tg.callbackAnswer(press).isPresent());
    String alert = h.tg.callbackAnswer(press).get().path("text").asText();
    assertThat(alert).startsWith("⏳ Du hast deine").hasSizeLessThanOrEqualTo(200);
    assertThat(h.tg.callbackAnswer(press).get().path("show_alert").asBoolean()).isTrue();
    assertThat(h.aiml.chat().count()).isEqualTo(1);
    assertThat(h.stack.spending().stats().today().usd()).isEqualByComparingTo(spent);
    assertThat(h.repliesTo(GROUP.id(), transcript.messageId())).hasSize(1);

    // What is kept is still served to him, free; Alice has minutes left and gets her translation.
    h.tg.pressButton(GROUP, BOB, transcript.messageId(), data(GROUP, transcript, Action.SUMMARY), Optional.of("en"));
    assertThat(replyTo(GROUP, transcript, 1).text()).startsWith("📝 Summary");
    h.tg.pressButton(GROUP, ALICE, transcript.messageId(), data(GROUP, transcript, Action.TRANSLATE), Optional.of("de"));
    assertThat(replyTo(GROUP, transcript, 2).text()).startsWith("🌐 Deutsch");
    assertThat(h.aiml.chat().count()).isEqualTo(2);
  }

  @Test
  void aGuestAnswerHasTheButtonsTooAndTheirResultsComeToThePressersPrivateChat() throws Exception {
    TgChat elsewhere = TgChat.supergroup(-1005555555555L, "Book club"); // a group the bot is not in
    TgUser carol = TgUser.person(2003, "Carol");
    start();
    h.aiml.script(JobScript.completes("Short English words."));
    h.aiml.chat().reply(call -> "Kurze englische Wörter.");
    int hello = h.tg.message(ALICE_CHAT, ALICE).text("/start").send(); // Alice has started the bot
    h.answerTo(ALICE_CHAT.id(), hello);
    int voice = h.tg.message(elsewhere, carol).voice(voice("guest"), 3).toUpdate().path("message").path("message_id").asInt();

    String query = h.tg.guestMessage(elsewhere, ALICE).replyTo(voice).sendGuest();
    GuestReply reply = Await.until("the guest answer with its buttons", () -> h.tg.guestReplyTo(query),
        r -> r.isPresent() && r.get().text().startsWith("Short English words.")
            && !h.tg.guestKeyboard(r.get().inlineMessageId()).isEmpty()).orElseThrow();
    List<List<String>> buttons = h.tg.guestKeyboard(reply.inlineMessageId()).get(0);
    assertThat(buttons).extracting(b -> b.get(0)).containsExactly("🌐 Translate");

    // The press carries only the inline message's id: the result goes to Alice's private chat, in her language.
    String press = h.tg.pressGuestButton(reply.inlineMessageId(), ALICE, buttons.get(0).get(1), Optional.of("de"));
    Await.until("the callback answer", () -> h.tg.callbackAnswer(press).isPresent());
    assertThat(h.tg.callbackAnswer(press).get().path("text").asText())
        .isEqualTo(Harness.TEXTS.in(java.util.Locale.GERMAN).pressedFromGuest(h.tg.botUsername()))
        .startsWith("📩 Es kommt in unserem privaten Chat");
    SentMessage translation = Await.until("the translation in Alice's private chat", () -> h.tg.sentMessages(ALICE_CHAT.id()),
        l -> l.stream().anyMatch(m -> m.text().startsWith("🌐"))).stream().filter(m -> m.text().startsWith("🌐"))
        .findFirst().orElseThrow();
    assertThat(translation.text()).isEqualTo("🌐 Deutsch\n\nKurze englische Wörter.");
    assertThat(h.aiml.chat().count()).isEqualTo(1);
    assertThat(h.tg.calls()).noneSatisfy(c -> assertThat(c.params().path("chat_id").asLong()).isEqualTo(elsewhere.id()));
    // The guest answer itself stays as it was.
    assertThat(h.tg.guestReplyTo(query).orElseThrow().text()).isEqualTo(reply.text());
  }
}
