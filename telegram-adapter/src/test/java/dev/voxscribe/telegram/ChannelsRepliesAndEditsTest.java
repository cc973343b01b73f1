package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Channel posts, replies to messages of other chats ({@code external_reply}) and edited media, end to end. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelsRepliesAndEditsTest {
  static final TgUser ALICE = TgUser.person(1001, "Alice");
  static final TgUser BOB = TgUser.person(1002, "Bob");
  static final TgChat ALICE_CHAT = TgChat.privateWith(ALICE);
  static final TgChat GROUP = TgChat.supergroup(-1001234567890L, "Team");
  /** A supergroup the bot is not in: its messages reach the bot only as quoted by someone. */
  static final TgChat ELSEWHERE = TgChat.supergroup(-1005555555555L, "Elsewhere");
  static final TgChat CHANNEL = TgChat.channel(-1007777777777L, "Voice Diary");

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

  @Test
  void theBotAsksForEveryUpdateTypeItHandles() {
    var allowed = Await.until("getUpdates with allowed_updates", h.tg::allowedUpdates, a -> a.isPresent()).get();
    assertThat(allowed).contains("message", "edited_message", "channel_post", "edited_channel_post", "guest_message");
  }

  // ---- channels ----

  @Test
  void channelVoicePostIsTranscribedAsAReplyOnceAnAdminPostsAutoOn() {
    int on = h.tg.channelPost(CHANNEL).text("/auto on").send();
    assertThat(h.answerTo(CHANNEL.id(), on).text()).isEqualTo(Harness.TEXTS.autoSet(true));

    int post = h.tg.channelPost(CHANNEL).voice(voiceFile("channel-on"), 3).signedBy("Alice").send();

    SentMessage answer = h.answerTo(CHANNEL.id(), post);
    assertThat(answer.text()).startsWith("Hello there.");
    assertThat(answer.replyTo()).contains(post);
    assertThat(h.tg.calls("getChatMember")).as("every channel post is by an admin").isEmpty();
  }

  @Test
  void channelVoicePostIsIgnoredWhileAutoIsOffWhichIsTheDefault() {
    int post = h.tg.channelPost(CHANNEL).voice(voiceFile("channel-off"), 3).send();
    int status = h.tg.channelPost(CHANNEL).text("/auto").send();

    // The status answer comes after the voice post was handled (one chat's updates go in order).
    assertThat(h.answerTo(CHANNEL.id(), status).text()).isEqualTo(Harness.TEXTS.autoStatus(false));
    assertThat(h.repliesTo(CHANNEL.id(), post)).isEmpty();
    assertThat(h.aiml.createCount()).isZero();
    assertThat(h.tg.downloads()).isZero();
  }

  // ---- replies to other chats ----

  @Test
  void transcribeAsAReplyToAVoiceNoteOfAnotherChatTranscribesIt() {
    int elsewhere = h.tg.message(ELSEWHERE, ALICE).voice(voiceFile("quoted"), 4).toUpdate()
        .path("message").path("message_id").asInt(); // stored there, never delivered to the bot

    int command = h.tg.message(GROUP, BOB).text("/transcribe").replyToOtherChat(ELSEWHERE, elsewhere)
        .quote("the part about Tuesday").send();

    SentMessage answer = h.answerTo(GROUP.id(), command);
    assertThat(answer.text()).startsWith("Hello there.");
    assertThat(h.onlyUpload().audio()).hasValueSatisfying(a -> assertThat(a).isEqualTo(Harness.audio("quoted")));
  }

  @Test
  void transcribeAsAReplyToAPrivateChatsVoiceNoteWorksWithoutItsChat() {
    // A private chat's message is replied to by origin only: no chat, no message_id.
    int voice = h.tg.message(TgChat.privateWith(BOB), BOB).voice(voiceFile("private-quoted"), 2).toUpdate()
        .path("message").path("message_id").asInt();

    int command = h.tg.message(ALICE_CHAT, ALICE).text("/transcribe").replyToOtherChat(TgChat.privateWith(BOB), voice)
        .send();

    assertThat(h.answerTo(ALICE_CHAT.id(), command).text()).startsWith("Hello there.");
  }

  @Test
  void transcribeAsAReplyToATextOfAnotherChatSaysThereIsNothingToTranscribe() {
    int text = h.tg.message(ELSEWHERE, ALICE).text("just words").toUpdate().path("message").path("message_id").asInt();

    int command = h.tg.message(GROUP, BOB).text("/transcribe").replyToOtherChat(ELSEWHERE, text).send();

    assertThat(h.answerTo(GROUP.id(), command).text()).isEqualTo(Harness.TEXTS.nothingToTranscribe());
    assertThat(h.aiml.createCount()).isZero();
  }

  // ---- edits ----

  @Test
  void replacingTheAudioOfAnAnsweredMessageEditsTheOldReplyIntoTheNewTranscript() {
    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("first-take"), 3).send();
    SentMessage first = h.answerTo(ALICE_CHAT.id(), voice);
    assertThat(first.text()).startsWith("Hello there.");
    Await.until("the bot to note its reply", () -> h.platform().answered().of(ALICE_CHAT.id(), voice).isPresent());
    h.aiml.script(JobScript.completes("Second take.").afterPolls(1));

    h.tg.edit(ALICE_CHAT, voice).audio(h.tg.registerFile("music/take2.mp3", Harness.audio("second-take")), 5,
        "take2.mp3", "audio/mpeg").send();

    SentMessage edited = Await.until("the old reply edited into the new transcript",
        () -> h.repliesTo(ALICE_CHAT.id(), voice), r -> r.get(0).text().startsWith("Second take.")).get(0);
    assertThat(edited.messageId()).isEqualTo(first.messageId());
    assertThat(h.repliesTo(ALICE_CHAT.id(), voice)).hasSize(1);
    assertThat(h.aiml.uploads()).hasSize(2);
  }

  @Test
  void aCaptionEditWhileTheNewAudioIsStillBeingTranscribedIsIgnored() {
    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("take-one"), 3).send();
    h.answerTo(ALICE_CHAT.id(), voice);
    Await.until("the bot to note its reply", () -> h.platform().answered().of(ALICE_CHAT.id(), voice).isPresent());
    h.aiml.script(JobScript.completes("Second take.").afterPolls(1));

    TgFile takeTwo = h.tg.registerFile("music/take-two.mp3", Harness.audio("take-two"));
    h.tg.edit(ALICE_CHAT, voice).audio(takeTwo, 5, "take-two.mp3", "audio/mpeg").send();
    // At once the same new audio with a caption: Telegram sends the whole message again.
    h.tg.edit(ALICE_CHAT, voice).caption("take two").send();

    Await.until("the old reply edited into the new transcript", () -> h.repliesTo(ALICE_CHAT.id(), voice),
        r -> r.get(0).text().startsWith("Second take."));
    int help2 = h.tg.message(ALICE_CHAT, ALICE).text("/help").send();
    h.answerTo(ALICE_CHAT.id(), help2);
    assertThat(h.tg.downloads(takeTwo)).as("the new audio fetched once").isEqualTo(1);
    // The reply was edited once into the new transcript, not once more for the caption.
    // One redo: the reply edited once into the new transcript, not a second time (Telegram: 400
    // "message is not modified") for the caption.
    assertThat(h.tg.calls("editMessageText")).filteredOn(c -> c.params().path("text").asText().startsWith("Second take."))
        .singleElement().satisfies(c -> assertThat(c.ok()).isTrue());
    assertThat(h.tg.calls("editMessageText")).allSatisfy(c -> assertThat(c.ok()).isTrue());
    assertThat(h.aiml.createCount()).isEqualTo(2);
  }

  @Test
  void otherEditsAreIgnored() {
    int voice = h.tg.message(ALICE_CHAT, ALICE).voice(voiceFile("captioned"), 3).send();
    SentMessage first = h.answerTo(ALICE_CHAT.id(), voice);
    int text = h.tg.message(ALICE_CHAT, ALICE).text("typo").send();
    h.answerTo(ALICE_CHAT.id(), text); // the private hint

    h.tg.edit(ALICE_CHAT, voice).caption("now with a caption").send();
    h.tg.edit(ALICE_CHAT, text).text("no typo").send();
    int help = h.tg.message(ALICE_CHAT, ALICE).text("/help").send();
    h.answerTo(ALICE_CHAT.id(), help); // both edits were handled before this

    assertThat(h.repliesTo(ALICE_CHAT.id(), voice)).singleElement()
        .satisfies(r -> assertThat(r.versions()).isEqualTo(first.versions()));
    assertThat(h.repliesTo(ALICE_CHAT.id(), text)).hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(1);
    // Only the placeholder's own edit, if the first answer had one.
    assertThat(h.tg.calls("editMessageText")).hasSize(first.versions().size() - 1);
  }

  @Test
  void editedChannelPostWithNewVoiceIsTranscribedIntoTheOldReply() {
    h.tg.channelPost(CHANNEL).text("/auto on").send();
    int post = h.tg.channelPost(CHANNEL).voice(voiceFile("channel-first"), 3).send();
    SentMessage first = h.answerTo(CHANNEL.id(), post);
    // The stand-in keeps the reply before the bot has its answer back and notes it: an edit sent in
    // between would find no earlier reply (it failed so once in a loaded build).
    Await.until("the bot to note its reply", () -> h.platform().answered().of(CHANNEL.id(), post).isPresent());
    h.aiml.script(JobScript.completes("Corrected post.").afterPolls(1));

    h.tg.edit(CHANNEL, post).voice(voiceFile("channel-second"), 3).send();

    SentMessage edited = Await.until("the channel reply edited", () -> h.repliesTo(CHANNEL.id(), post),
        r -> r.get(0).text().startsWith("Corrected post.")).get(0);
    assertThat(edited.messageId()).isEqualTo(first.messageId());
  }
}
