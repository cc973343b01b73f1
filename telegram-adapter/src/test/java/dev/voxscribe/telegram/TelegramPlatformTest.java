package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.aiml.Upload;
import dev.voxscribe.testing.telegram.ApiCall;
import dev.voxscribe.testing.telegram.SentDocument;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** End to end: Bot API stand-in ⇄ TelegramBots ⇄ the adapter ⇄ transcription stack ⇄ AI/ML API stand-in. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TelegramPlatformTest {
  static final TgUser ALICE = TgUser.person(1001, "Alice");
  static final TgUser BOB = TgUser.person(1002, "Bob");
  static final TgUser CAROL = TgUser.person(1003, "Carol");
  static final TgChat ALICE_CHAT = TgChat.privateWith(ALICE);
  static final TgChat BOB_CHAT = TgChat.privateWith(BOB);
  static final TgChat GROUP = TgChat.supergroup(-1001234567890L, "Team");
  static final TgChat FORUM = TgChat.forum(-1009876543210L, "Forum");

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void start() throws Exception {
    h = Harness.start(dir, Harness.TUNING);
    h.aiml.script(JobScript.completes("Hello there.").afterPolls(1));
  }

  @AfterEach
  void stop() {
    h.close();
    h.assertTokenNeverLeaked();
  }

  private TgFile voiceFile(String seed) {
    return h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed));
  }

  /** Sends /help and waits for its answer: the chat's earlier updates have all been handled by then. */
  private void syncWith(TgChat chat, TgUser user) {
    int help = h.tg.message(chat, user).text("/help").send();
    h.answerTo(chat.id(), help);
  }

  @Test
  void privateVoiceNoteIsTranscribedAsAReply() {
    TgFile file = voiceFile("private");
    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(file, 3).send();

    SentMessage answer = h.answerTo(ALICE_CHAT.id(), voice);

    assertThat(answer.text()).startsWith("Hello there.").contains("English").contains("0:03");
    assertThat(answer.replyTo()).contains(voice);
    assertThat(answer.threadId()).isEmpty();
    Upload upload = h.onlyUpload();
    assertThat(upload.filename()).contains("voice.ogg");
    assertThat(upload.contentType()).contains("audio/ogg");
    assertThat(upload.audio()).hasValueSatisfying(a -> assertThat(a).isEqualTo(Harness.audio("private")));
    assertThat(h.tg.downloads(file)).isEqualTo(1);
    Await.until("a typing action", () -> h.tg.chatActions(ALICE_CHAT.id()).contains("typing"));
  }

  @Test
  void manyNotesWaitingInOneChatShowOneTypingActionAndNoneOncePlaceholdersShow() {
    h.service.hold();
    List<Integer> notes = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) notes.add(h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("many-" + i), 3).send());
    for (int note : notes) {
      Await.until("a placeholder for message " + note, () -> h.repliesTo(ALICE_CHAT.id(), note),
          r -> !r.isEmpty() && r.get(0).text().equals(Harness.PLACEHOLDER));
    }
    h.service.release();
    for (int note : notes) h.answerTo(ALICE_CHAT.id(), note);
    // one action for the chat when the first note started waiting; the placeholders showed within
    // the five seconds, after which none is sent (each of 12 jobs would have sent its own before)
    assertThat(h.tg.chatActions(ALICE_CHAT.id())).containsExactly("typing");
  }

  @Test
  void commandsAreRegisteredWithSetMyCommands() {
    List<String> names = Await.until("setMyCommands", h.tg::commandNames, n -> !n.isEmpty());
    assertThat(names).containsExactly("start", "help", "transcribe", "auto", "language", "usage", "ui", "progress");
  }

  @Test
  void forwardedDuplicateIsAnsweredFromTheCacheWithoutDownloadOrCreate() {
    TgFile file = voiceFile("forwarded");
    int first = h.tg.message(ALICE_CHAT, ALICE).voice(file, 3).send();
    SentMessage original = h.answerTo(ALICE_CHAT.id(), first);

    int forward = h.tg.message(BOB_CHAT, BOB).forwardedFrom(ALICE).voice(h.tg.reissue(file), 3).send();
    SentMessage cached = h.answerTo(BOB_CHAT.id(), forward);

    assertThat(cached.text()).isEqualTo(original.text());
    assertThat(cached.edited()).as("no placeholder for a cached answer").isFalse();
    assertThat(h.repliesTo(BOB_CHAT.id(), forward)).hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(1);
    assertThat(h.tg.downloads()).isEqualTo(1);
    assertThat(h.tg.calls("getFile")).hasSize(1);
  }

  @Test
  void groupVoiceAndVideoNotesAreTranscribedInsideTheirForumTopic() {
    int topic = h.tg.createTopic(FORUM, BOB, "Standup");
    int voice = h.tg.message(FORUM, CAROL).voice(voiceFile("topic-voice"), 4).inTopic(topic).send();
    int note = h.tg.message(FORUM, CAROL)
        .videoNote(h.tg.registerFile("video_notes/n.mp4", Harness.audio("topic-note")), 5).inTopic(topic).send();

    SentMessage voiceAnswer = h.answerTo(FORUM.id(), voice);
    SentMessage noteAnswer = h.answerTo(FORUM.id(), note);

    assertThat(voiceAnswer.text()).startsWith("Hello there.");
    assertThat(voiceAnswer.threadId()).contains(topic);
    assertThat(noteAnswer.threadId()).contains(topic);
    assertThat(h.aiml.uploads()).extracting(u -> u.contentType().orElseThrow())
        .containsExactlyInAnyOrder("audio/ogg", "video/mp4");
    Await.until("a typing action in the topic", () -> h.tg.calls("sendChatAction").stream()
        .anyMatch(c -> c.chatId() == FORUM.id() && c.params().path("message_thread_id").asInt() == topic));
  }

  @Test
  void groupsTranscribeAudioAndVideoOnlyOnRequest() {
    int audio = h.tg.message(GROUP, CAROL)
        .audio(h.tg.registerFile("music/memo.mp3", Harness.audio("memo")), 4, "memo.mp3", "audio/mpeg").send();
    syncWith(GROUP, CAROL);
    assertThat(h.repliesTo(GROUP.id(), audio)).isEmpty();
    assertThat(h.aiml.createCount()).isZero();

    h.tg.message(GROUP, CAROL).text("/transcribe@" + h.tg.botUsername()).replyTo(audio).send();

    SentMessage answer = h.answerTo(GROUP.id(), audio);
    assertThat(answer.text()).startsWith("Hello there.");
    assertThat(h.onlyUpload().filename()).contains("memo.mp3");
  }

  @Test
  void transcribeWorksOnDemandWhenAutoIsOff() {
    h.tg.setMemberStatus(GROUP, BOB, "administrator");
    int off = h.tg.message(GROUP, BOB).text("/auto off").send();
    assertThat(h.answerTo(GROUP.id(), off).text()).isEqualTo(Harness.TEXTS.autoSet(false));

    int voice = h.tg.message(GROUP, CAROL).voice(voiceFile("auto-off"), 3).send();
    h.tg.message(GROUP, CAROL).text("/help@some_other_bot").send(); // for another bot: ignored
    syncWith(GROUP, CAROL);
    assertThat(h.repliesTo(GROUP.id(), voice)).isEmpty();
    assertThat(h.tg.downloads()).isZero();
    assertThat(h.aiml.createCount()).isZero();

    h.tg.message(GROUP, CAROL).text("/transcribe").replyTo(voice).send();

    assertThat(h.answerTo(GROUP.id(), voice).text()).startsWith("Hello there.");
    assertThat(h.store().get(ChatSettings.scope(GROUP.id()), ChatSettings.AUTO)).contains("false");
  }

  @Test
  void autoCanBeChangedByAnAdminButNotByAMember() {
    int refused = h.tg.message(GROUP, CAROL).text("/auto off").send();
    assertThat(h.answerTo(GROUP.id(), refused).text()).isEqualTo(Harness.TEXTS.adminsOnly());
    assertThat(h.tg.calls("getChatMember")).singleElement()
        .satisfies(c -> assertThat(c.params().path("user_id").asLong()).isEqualTo(CAROL.id()));

    int voice = h.tg.message(GROUP, CAROL).voice(voiceFile("still-auto"), 3).send();
    assertThat(h.answerTo(GROUP.id(), voice).text()).as("auto mode unchanged").startsWith("Hello there.");

    h.tg.setMemberStatus(GROUP, BOB, "creator");
    int off = h.tg.message(GROUP, BOB).text("/auto off").send();
    assertThat(h.answerTo(GROUP.id(), off).text()).isEqualTo(Harness.TEXTS.autoSet(false));
    int anonymousOn = h.tg.message(GROUP, CAROL).asAnonymousAdmin().text("/auto on").send();
    assertThat(h.answerTo(GROUP.id(), anonymousOn).text()).isEqualTo(Harness.TEXTS.autoSet(true));
  }

  @Test
  void settingsFollowAGroupUpgradedToASupergroup() {
    TgChat basic = TgChat.group(-4242L, "Small team");
    TgChat upgraded = TgChat.supergroup(-1004242L, "Small team");
    h.tg.setMemberStatus(basic, BOB, "creator");
    int off = h.tg.message(basic, BOB).text("/auto off").send();
    assertThat(h.answerTo(basic.id(), off).text()).isEqualTo(Harness.TEXTS.autoSet(false));

    h.tg.message(basic, BOB).migrateTo(upgraded.id()).send();
    syncWith(basic, BOB); // chats run in parallel: wait until the old chat's queue handled the migration
    h.tg.setMemberStatus(upgraded, BOB, "creator");
    int show = h.tg.message(upgraded, BOB).text("/auto").send();
    assertThat(h.answerTo(upgraded.id(), show).text()).isEqualTo(Harness.TEXTS.autoStatus(false));
  }

  @Test
  void longTranscriptIsSplitAcrossThePlaceholderAndFollowUpReplies() throws Exception {
    h.close();
    h = Harness.start(dir, Harness.TUNING.withPlaceholderAfter(Duration.ZERO));
    String text = sentences(10_000);
    h.aiml.script(JobScript.completes(text));
    h.service.hold();
    h.tg.rateLimitNext("editMessageText", 1);

    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("long"), 3).send();
    SentMessage placeholder = Await.until("the placeholder", () -> h.repliesTo(ALICE_CHAT.id(), voice),
        r -> !r.isEmpty()).get(0);
    assertThat(placeholder.text()).isEqualTo(Harness.PLACEHOLDER);
    h.service.release();

    List<SentMessage> replies = Await.until("the whole transcript", () -> h.repliesTo(ALICE_CHAT.id(), voice),
        r -> r.stream().map(SentMessage::text).collect(Collectors.joining()).length() >= text.length());
    assertThat(replies.get(0).messageId()).isEqualTo(placeholder.messageId());
    assertThat(replies.get(0).versions()).first().isEqualTo(Harness.PLACEHOLDER);
    assertThat(replies).hasSize(3).allSatisfy(r -> assertThat(r.text().length()).isLessThanOrEqualTo(4096));
    assertThat(replies.subList(0, 2)).allSatisfy(r -> assertThat(r.text().stripTrailing()).endsWith("."));
    assertThat(replies.stream().map(SentMessage::text).collect(Collectors.joining())).isEqualTo(text);
    List<ApiCall> edits = h.tg.calls("editMessageText");
    assertThat(edits).extracting(ApiCall::status).containsExactly(429, 200);
  }

  @Test
  void veryLongTranscriptArrivesWholeAsATextFile() throws Exception {
    h.close();
    h = Harness.start(dir, Harness.TUNING.withPlaceholderAfter(Duration.ZERO));
    String text = sentences(20_000) + " Ünïcödé ✓ 🎙";
    h.aiml.script(JobScript.completes(text));
    h.service.hold();

    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("very-long"), 3).send();
    Await.until("the placeholder", () -> h.repliesTo(ALICE_CHAT.id(), voice), r -> !r.isEmpty());
    h.service.release();

    SentDocument doc = Await.until("the document", () -> h.tg.sentDocuments(ALICE_CHAT.id()), d -> !d.isEmpty()).get(0);
    assertThat(doc.text()).isEqualTo(text);
    assertThat(doc.filename()).isEqualTo(Transcriber.FILE_NAME);
    assertThat(doc.replyTo()).contains(voice);
    assertThat(doc.caption()).hasValueSatisfying(c -> assertThat(c).contains(String.format(Locale.ROOT, "%,d", text.length())));
    assertThat(h.answerTo(ALICE_CHAT.id(), voice).text()).isEqualTo(Harness.TEXTS.sentAsFile());
  }

  @Test
  void oversizedOrOverlongMediaIsRefusedBeforeAnythingIsSpent() {
    int big = h.tg.message(ALICE_CHAT, ALICE).voice(h.tg.registerFileOfSize("voice/big.oga", 25L << 20), 60).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), big).text()).isEqualTo(Harness.TEXTS.tooLarge()).contains("20 MB");

    int longOne = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("overlong"), 1300).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), longOne).text()).isEqualTo(Harness.TEXTS.tooLong()).contains("20 minutes");

    assertThat(h.tg.calls("getFile")).isEmpty();
    assertThat(h.tg.downloads()).isZero();
    assertThat(h.aiml.requestCount()).isZero();
  }

  @Test
  void nonAudioDocumentIsExplainedInPrivateAndIgnoredInGroups() {
    TgFile pdf = h.tg.registerFile("documents/report.pdf", "%PDF-1.7 not audio".getBytes(StandardCharsets.US_ASCII));
    int inPrivate = h.tg.message(ALICE_CHAT, ALICE).document(pdf, "report.pdf", "application/pdf").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), inPrivate).text()).isEqualTo(Harness.TEXTS.notAudio());

    int inGroup = h.tg.message(GROUP, CAROL).document(pdf, "report.pdf", "application/pdf").send();
    syncWith(GROUP, CAROL);
    assertThat(h.repliesTo(GROUP.id(), inGroup)).isEmpty();

    int audioDoc = h.tg.message(ALICE_CHAT, ALICE)
        .document(h.tg.registerFile("documents/memo.m4a", Harness.audio("doc")), "memo.m4a", "audio/mp4").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), audioDoc).text()).startsWith("Hello there.");
    assertThat(h.onlyUpload().contentType()).contains("audio/mp4");
    assertThat(h.tg.downloads(pdf)).isZero();
  }

  @Test
  void aGifIsNeverDownloadedOrPaidFor() {
    TgFile gif = h.tg.registerFile("animations/file_9.mp4", Harness.audio("gif"));
    h.tg.message(ALICE_CHAT, ALICE).animation(gif, 2).send();
    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("after-gif"), 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), voice).text()).startsWith("Hello there.");
    assertThat(h.tg.downloads(gif)).isZero();
    h.onlyUpload(); // the voice note's, and no other
  }

  @Test
  void failedJobGetsAShortFriendlyReplyAndTheNextMessageWorks() {
    h.aiml.script(upload -> new String(upload.audio().orElseThrow(), StandardCharsets.ISO_8859_1).contains("bad")
        ? JobScript.fails("CUDA out of memory in worker gpu-7")
        : JobScript.completes("All good now."));

    int bad = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("bad"), 3).send();
    String failure = h.answerTo(ALICE_CHAT.id(), bad).text();
    assertThat(failure).isEqualTo(Harness.TEXTS.failure(FailureKind.JOB_FAILED));
    assertThat(failure.toLowerCase(Locale.ROOT)).doesNotContain("cuda", "job_failed", "exception", "aiml", "generation");

    int good = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("good"), 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), good).text()).startsWith("All good now.");
  }

  @Test
  void aCreateLostMidRequestGetsAFriendlyReplyCostsOneUploadAndTheNextMessageWorks() {
    h.aiml.disconnectNext(Endpoint.CREATE);

    int first = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("unreachable"), 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), first).text()).isEqualTo(Harness.TEXTS.failure(FailureKind.SERVICE_ERROR))
        .contains("having trouble");
    assertThat(h.aiml.createRequests()).isEqualTo(1);

    int second = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("reachable"), 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), second).text()).startsWith("Hello there.");
  }

  @Test
  void rejectedKeyAndExhaustedCreditsTellUsersUnavailableAndTheOperatorWhy() {
    h.aiml.acceptKey("sk-another-key");
    int first = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("rejected"), 3).send();
    String unavailable = Harness.TEXTS.failure(FailureKind.REJECTED_KEY);
    assertThat(h.answerTo(ALICE_CHAT.id(), first).text()).isEqualTo(unavailable);

    h.aiml.acceptKey(FakeAimlApi.DEFAULT_KEY);
    h.aiml.creditsExhausted(true);
    int second = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("no-credits"), 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), second).text()).isEqualTo(unavailable);

    String log = h.log.all();
    assertThat(log).contains("rejected the API key").contains("out of credits").contains("AIML_API_KEY");
  }

  @Test
  void aTelegram429IsHonouredBeforeSendingAgain() {
    h.tg.rateLimitNext("sendMessage", 1);
    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("flood"), 3).send();

    assertThat(h.answerTo(ALICE_CHAT.id(), voice).text()).startsWith("Hello there.");
    // The stand-in keeps the message before it records the call that sent it: wait for the record.
    List<ApiCall> sends = dev.voxscribe.testing.Await.until("the second sendMessage recorded",
        () -> h.tg.calls("sendMessage"), c -> c.size() >= 2);
    assertThat(sends).extracting(ApiCall::status).containsExactly(429, 200);
    assertThat(Duration.ofNanos(sends.get(1).nanoTime() - sends.get(0).nanoTime()))
        .as("the pause before the second attempt").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void tokenNeverAppearsInLogsMessagesOrSpeechRequests() {
    // A download that fails and a service failure exercise the error paths that might print URLs.
    int missing = h.tg.message(ALICE_CHAT, ALICE).voice(h.tg.registerFileOfSize("voice/missing.oga", 1000), 3).send();
    assertThat(h.answerTo(ALICE_CHAT.id(), missing).text()).isEqualTo(Harness.TEXTS.failure(FailureKind.DOWNLOAD_FAILED));
    int ok = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("leak-check"), 3).send();
    h.answerTo(ALICE_CHAT.id(), ok);

    assertThat(h.onlyUpload().isMultipart()).as("bytes are uploaded, never the Telegram URL").isTrue();
    assertThat(h.log.lines()).isNotEmpty();
    // The full check (log, messages, speech requests) runs after every test, once the bot is stopped.
  }

  @Test
  void oneChatsLongJobNeverDelaysAnother() {
    h.aiml.script(upload -> new String(upload.audio().orElseThrow(), StandardCharsets.ISO_8859_1).contains("slow")
        ? JobScript.neverFinishes() : JobScript.completes("Quick one."));

    int slow = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("slow"), 3).send();
    Await.until("the slow job to start", () -> h.aiml.createCount() == 1);
    int quick = h.tg.message(BOB_CHAT, BOB).voice(voiceFile("quick"), 3).send();

    assertThat(h.answerTo(BOB_CHAT.id(), quick).text()).startsWith("Quick one.");
    syncWith(ALICE_CHAT, ALICE); // the same chat is not held up either
    assertThat(h.repliesTo(ALICE_CHAT.id(), slow)).allSatisfy(r -> assertThat(r.text()).isEqualTo(Harness.PLACEHOLDER));
  }

  @Test
  void languageIsPerChatAndSurvivesARestart() throws Exception {
    int set = h.tg.message(ALICE_CHAT, ALICE).text("/language DE").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), set).text()).isEqualTo(Harness.TEXTS.languageSet("de")).contains("German");
    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("german"), 3).send();
    h.answerTo(ALICE_CHAT.id(), voice);
    assertThat(h.onlyUpload().fields()).containsEntry("language", "de");

    int refused = h.tg.message(GROUP, CAROL).text("/language fr").send();
    assertThat(h.answerTo(GROUP.id(), refused).text()).isEqualTo(Harness.TEXTS.adminsOnly());
    int bad = h.tg.message(ALICE_CHAT, ALICE).text("/language klingon!").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), bad).text()).isEqualTo(Harness.TEXTS.languageUsage());
    // The shape of a code, no language: every voice note of the chat would be sent with it.
    int unknown = h.tg.message(ALICE_CHAT, ALICE).text("/language xx").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), unknown).text()).isEqualTo(Harness.TEXTS.languageUsage());

    h.restart();

    int show = h.tg.message(ALICE_CHAT, ALICE).text("/language").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), show).text()).contains("German (de)");
    int detect = h.tg.message(ALICE_CHAT, ALICE).text("/language auto").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), detect).text()).isEqualTo(Harness.TEXTS.languageSet("auto"));
    int again = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("detect"), 3).send();
    h.answerTo(ALICE_CHAT.id(), again);
    assertThat(h.aiml.uploads()).hasSize(2);
    assertThat(h.aiml.uploads().get(1).fields()).doesNotContainKey("language");
  }

  @Test
  void helpExplainsPrivacyModeInGroups() {
    int start = h.tg.message(ALICE_CHAT, ALICE).text("/start").send();
    assertThat(h.answerTo(ALICE_CHAT.id(), start).text()).isEqualTo(Harness.TEXTS.helpPrivate());
    int help = h.tg.message(GROUP, CAROL).text("/help").send();
    assertThat(h.answerTo(GROUP.id(), help).text()).contains("/setprivacy").contains("admin");
    int bare = h.tg.message(GROUP, CAROL).text("/transcribe").send();
    assertThat(h.answerTo(GROUP.id(), bare).text()).isEqualTo(Harness.TEXTS.transcribeHowTo());
  }

  /** Sentences of varied length adding up to about {@code length} characters. */
  static String sentences(int length) {
    StringBuilder b = new StringBuilder();
    int n = 0;
    while (b.length() < length) {
      if (b.length() > 0) b.append(' ');
      b.append("Sentence number ").append(++n).append(" talks about");
      for (int w = 0; w < 3 + n % 11; w++) b.append(" word").append(w);
      b.append('.');
    }
    return b.toString();
  }
}
