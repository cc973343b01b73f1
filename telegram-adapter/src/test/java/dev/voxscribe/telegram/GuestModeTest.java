package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.ApiCall;
import dev.voxscribe.testing.telegram.GuestReply;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guest mode end to end: a {@code guest_message} from a chat the bot is not in, answered through
 * answerGuestQuery and edited by {@code inline_message_id}, never by a call on that chat.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuestModeTest {
  static final TgUser ALICE = TgUser.person(1001, "Alice");
  static final TgUser CAROL = TgUser.person(1003, "Carol");
  static final TgChat ALICE_CHAT = TgChat.privateWith(ALICE);
  /** A group the bot was never added to. */
  static final TgChat ELSEWHERE = TgChat.supergroup(-1005555555555L, "Book club");

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

  /** A voice note by Carol in the other group, which the bot never sees by itself. */
  private int voiceElsewhere(String seed) {
    return h.tg.message(ELSEWHERE, CAROL).voice(h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed)), 3)
        .toUpdate().path("message").path("message_id").asInt();
  }

  private GuestReply finalGuestReply(String query, String startsWith) {
    return Await.until("the guest answer to " + query, () -> h.tg.guestReplyTo(query),
        r -> r.isPresent() && r.get().text().startsWith(startsWith)).orElseThrow();
  }

  @Test
  void guestMessageWithARepliedVoiceNoteIsAnsweredThenEditedIntoTheTranscript() {
    int voice = voiceElsewhere("guest");

    String query = h.tg.guestMessage(ELSEWHERE, ALICE).replyTo(voice).sendGuest();

    GuestReply reply = finalGuestReply(query, "Hello there.");
    assertThat(reply.versions()).containsExactly(Harness.PLACEHOLDER, reply.text());
    ApiCall answer = h.tg.calls("answerGuestQuery").get(0);
    JsonNode result = answer.params().path("result");
    assertThat(answer.params().path("guest_query_id").asText()).isEqualTo(query);
    assertThat(result.path("type").asText()).isEqualTo("article");
    assertThat(result.path("input_message_content").path("message_text").asText()).isEqualTo(Harness.PLACEHOLDER);
    assertThat(h.onlyUpload().audio()).hasValueSatisfying(a -> assertThat(a).isEqualTo(Harness.audio("guest")));
    assertNothingCalledOn(ELSEWHERE);
  }

  @Test
  void guestMessageWithoutMediaGetsAOneLineExplanation() {
    String query = h.tg.guestMessage(ELSEWHERE, ALICE).text("@" + h.tg.botUsername() + " hi!").sendGuest();

    GuestReply reply = finalGuestReply(query, "");
    assertThat(reply.text()).isEqualTo(Harness.TEXTS.guestHowTo()).doesNotContain("\n");
    assertThat(reply.versions()).hasSize(1);
    assertThat(h.aiml.createCount()).isZero();
    assertNothingCalledOn(ELSEWHERE);
  }

  @Test
  void aGermanCallerGetsTheGuestAnswerInGermanTitleIncluded() {
    TgUser hans = TgUser.person(1004, "Hans").speaking("de");
    String query = h.tg.guestMessage(ELSEWHERE, hans).text("@" + h.tg.botUsername() + " hallo").sendGuest();

    GuestReply reply = finalGuestReply(query, "");
    assertThat(reply.text()).startsWith("🎙 Antworte auf eine Sprachnachricht");
    JsonNode result = h.tg.calls("answerGuestQuery").get(0).params().path("result");
    assertThat(result.path("title").asText()).isEqualTo("Abschrift");
  }

  @Test
  void aVoiceNoteAlreadyTranscribedIsAnsweredAtOnceWithoutAnEdit() {
    int voice = voiceElsewhere("twice");
    String first = h.tg.guestMessage(ELSEWHERE, ALICE).replyTo(voice).sendGuest();
    finalGuestReply(first, "Hello there.");

    String second = h.tg.guestMessage(ELSEWHERE, CAROL).replyTo(voice).sendGuest();

    GuestReply reply = finalGuestReply(second, "Hello there.");
    assertThat(reply.versions()).hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void aLongTranscriptContinuesInTheCallersPrivateChat() {
    String text = sentences(150); // about 7,000 characters
    h.aiml.script(JobScript.completes(text).afterPolls(1));
    int hello = h.tg.message(ALICE_CHAT, ALICE).text("/start").send(); // Alice has started the bot
    h.answerTo(ALICE_CHAT.id(), hello);
    int voice = voiceElsewhere("long");

    String query = h.tg.guestMessage(ELSEWHERE, ALICE).replyTo(voice).sendGuest();

    GuestReply reply = finalGuestReply(query, "This is sentence number 1 ");
    assertThat(reply.text()).hasSizeLessThanOrEqualTo(4096).endsWith(Harness.TEXTS.guestRestInPrivate());
    List<SentMessage> privately = awaitWholeTranscriptIn(ALICE_CHAT, text);
    assertThat(privately.get(0).text()).isEqualTo(Harness.TEXTS.guestPrivateIntro("Book club"));
    assertNothingCalledOn(ELSEWHERE);
  }

  @Test
  void aLongTranscriptForSomeoneWhoNeverStartedTheBotLinksToItAndArrivesOnStart() {
    String text = sentences(150);
    h.aiml.script(JobScript.completes(text).afterPolls(1));
    int voice = voiceElsewhere("long-unstarted");

    String query = h.tg.guestMessage(ELSEWHERE, ALICE).replyTo(voice).sendGuest();

    GuestReply reply = finalGuestReply(query, "This is sentence number 1 ");
    assertThat(reply.text()).hasSizeLessThanOrEqualTo(4096)
        .endsWith(Harness.TEXTS.guestStartMe(h.tg.botUsername()))
        .contains("https://t.me/" + h.tg.botUsername());
    assertThat(h.tg.calls("sendMessage")).allSatisfy(c -> assertThat(c.status()).isEqualTo(403));

    int start = h.tg.message(ALICE_CHAT, ALICE).text("/start").send();

    List<SentMessage> privately = awaitWholeTranscriptIn(ALICE_CHAT, text);
    assertThat(privately.get(0).text()).isEqualTo(Harness.TEXTS.guestPrivateIntro("Book club"));
    assertThat(h.repliesTo(ALICE_CHAT.id(), start)).singleElement()
        .satisfies(m -> assertThat(m.text()).isEqualTo(Harness.TEXTS.helpPrivate()));
  }

  @Test
  void aFailedTranscriptionEditsTheAnswerIntoAShortExplanation() {
    h.aiml.script(JobScript.fails("codec exploded").afterPolls(1));
    int voice = voiceElsewhere("broken");

    String query = h.tg.guestMessage(ELSEWHERE, ALICE).replyTo(voice).sendGuest();

    GuestReply reply = Await.until("the edited guest answer", () -> h.tg.guestReplyTo(query),
        r -> r.isPresent() && r.get().versions().size() == 2).orElseThrow();
    assertThat(reply.text()).isEqualTo(Harness.TEXTS.failure(dev.voxscribe.core.FailureKind.JOB_FAILED))
        .doesNotContain("codec");
  }

  @Test
  void aGuestMessageTheLibraryCannotBuildIsAnsweredAllTheSame() {
    int voice = voiceElsewhere("old-caller");
    ObjectNode update = h.tg.guestMessage(ELSEWHERE, ALICE).replyTo(voice).toUpdate();
    ((ObjectNode) update.path("guest_message").path("from")).remove("is_bot"); // as old accounts come
    String query = update.path("guest_message").path("guest_query_id").asText();

    h.tg.push(update);

    assertThat(finalGuestReply(query, "Hello there.").text()).startsWith("Hello there.");
    assertThat(h.log.all()).contains("handled all the same");
  }

  @Test
  void theStartLogSaysWhetherGuestModeIsOn() throws Exception {
    Await.until("the guest mode line", () -> h.log.all().contains("Guest mode is on"));

    h.tg.guestMode(false);
    h.restart();

    Await.until("the guest mode line after a restart", () -> h.log.all().contains("Guest mode is off"));
    assertThat(h.log.all()).contains("@BotFather");
  }

  /** Waits until the bot's non-reply messages in the chat are an introduction, then exactly {@code text}. */
  private List<SentMessage> awaitWholeTranscriptIn(TgChat chat, String text) {
    return Await.until("the whole transcript in " + chat.id(),
        () -> h.tg.sentMessages(chat.id()).stream().filter(m -> m.replyTo().isEmpty()).toList(),
        m -> m.size() > 1 && m.subList(1, m.size()).stream().map(SentMessage::text).collect(Collectors.joining())
            .equals(text));
  }

  /** No method named the guest chat: the bot is no member there. */
  private void assertNothingCalledOn(TgChat chat) {
    assertThat(h.tg.calls()).noneSatisfy(c -> assertThat(c.params().path("chat_id").asLong()).isEqualTo(chat.id()));
  }

  private static String sentences(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(k -> "This is sentence number " + k + " of a rather long recording.")
        .collect(Collectors.joining(" "));
  }
}
