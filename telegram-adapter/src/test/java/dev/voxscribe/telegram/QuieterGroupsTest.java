package dev.voxscribe.telegram;

import dev.voxscribe.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.HtmlText;
import dev.voxscribe.testing.telegram.SentMessage;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgFile;
import dev.voxscribe.testing.telegram.TgUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Progress as a reaction in groups, and long transcripts in an expandable quote. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuieterGroupsTest {
  static final TgUser ALICE = TgUser.person(3001, "Alice");
  static final TgUser ADMIN = TgUser.person(3002, "Ada");
  static final TgChat ALICE_CHAT = TgChat.privateWith(ALICE);
  static final TgChat GROUP = TgChat.supergroup(-1003000000001L, "Team");

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void start() throws Exception {
    h = Harness.start(dir, Harness.TUNING.withPlaceholderAfter(Duration.ZERO));
    h.aiml.script(JobScript.completes("Hello group."));
  }

  @AfterEach
  void stop() {
    h.close();
    h.assertTokenNeverLeaked();
  }

  private TgFile voice(String seed) {
    return h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed));
  }

  @Test
  void inAGroupProgressIsAnEyesReactionRemovedWhenTheTranscriptIsThere() {
    h.service.hold();
    int v = h.tg.message(GROUP, ALICE).voice(voice("group"), 3).send();

    Await.until("the 👀 reaction", () -> h.tg.reaction(GROUP.id(), v).isPresent());
    assertThat(h.tg.reaction(GROUP.id(), v)).contains("👀");
    assertThat(h.repliesTo(GROUP.id(), v)).isEmpty();
    h.service.release();

    SentMessage answer = h.answerTo(GROUP.id(), v);
    assertThat(answer.text()).startsWith("Hello group.");
    assertThat(answer.versions()).hasSize(1); // sent once, no placeholder edited into it
    Await.until("the reaction removed", () -> h.tg.reaction(GROUP.id(), v).isEmpty());
    assertThat(h.tg.reactionHistory(GROUP.id(), v)).containsExactly("👀", "");
  }

  @Test
  void progressMessageBringsThePlaceholderBack() {
    h.tg.setMemberStatus(GROUP, ADMIN, "administrator");
    int cmd = h.tg.message(GROUP, ADMIN).text("/progress message").send();
    assertThat(h.answerTo(GROUP.id(), cmd).text()).isEqualTo(Harness.TEXTS.progressSet(false));
    h.service.hold();

    int v = h.tg.message(GROUP, ALICE).voice(voice("placeholder"), 3).send();
    SentMessage placeholder = Await.until("the placeholder", () -> h.repliesTo(GROUP.id(), v), r -> !r.isEmpty()).get(0);
    assertThat(placeholder.text()).isEqualTo(Harness.PLACEHOLDER);
    h.service.release();

    assertThat(h.answerTo(GROUP.id(), v).versions()).containsExactly(Harness.PLACEHOLDER, "Hello group.\n\n🗣 English · 0:03");
    assertThat(h.tg.reactionHistory(GROUP.id(), v)).isEmpty();
  }

  @Test
  void onlyAdminsChooseAndPlainMembersAreTold() {
    int cmd = h.tg.message(GROUP, ALICE).text("/progress message").send();
    assertThat(h.answerTo(GROUP.id(), cmd).text()).isEqualTo(Harness.TEXTS.adminsOnly());
    int status = h.tg.message(GROUP, ALICE).text("/progress").send();
    assertThat(h.answerTo(GROUP.id(), status).text()).isEqualTo(Harness.TEXTS.progressStatus(true));
    int bad = h.tg.message(GROUP, ALICE).text("/progress loud").send();
    assertThat(h.answerTo(GROUP.id(), bad).text()).isEqualTo(Harness.TEXTS.progressUsage());
  }

  @Test
  void privateChatsKeepThePlaceholder() {
    h.service.hold();
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("private"), 3).send();
    Await.until("the placeholder", () -> h.repliesTo(ALICE_CHAT.id(), v), r -> !r.isEmpty());
    h.service.release();
    h.answerTo(ALICE_CHAT.id(), v);
    assertThat(h.tg.calls("setMessageReaction")).isEmpty();
  }

  @Test
  void whereReactionsAreNotAllowedThePlaceholderIsShown() {
    h.tg.failNext("setMessageReaction", 400, "Bad Request: REACTION_INVALID");
    h.service.hold();
    int v = h.tg.message(GROUP, ALICE).voice(voice("no-reactions"), 3).send();
    SentMessage placeholder = Await.until("the placeholder", () -> h.repliesTo(GROUP.id(), v), r -> !r.isEmpty()).get(0);
    assertThat(placeholder.text()).isEqualTo(Harness.PLACEHOLDER);
    h.service.release();
    assertThat(h.answerTo(GROUP.id(), v).text()).startsWith("Hello group.");
    assertThat(h.tg.calls("setMessageReaction")).hasSize(1);
  }

  @Test
  void aLongTranscriptIsAnExpandableQuoteThatShowsTagsAndAmpersandsLiterally() {
    String text = ("She said <b>bold</b> & \"quoted\" <3 things > others. ").repeat(30).strip();
    h.aiml.script(JobScript.completes(text));
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("html"), 3).send();

    SentMessage answer = h.answerTo(ALICE_CHAT.id(), v);

    assertThat(answer.text()).startsWith(text).contains("<b>bold</b> & \"quoted\" <3");
    List<HtmlText.Entity> entities = h.tg.entities(ALICE_CHAT.id(), answer.messageId());
    assertThat(entities).containsExactly(new HtmlText.Entity("expandable_blockquote", 0, text.length()));
    // The stand-in records a call just after it stored the message: wait for the record.
    List<String> sends = Await.until("the HTML call recorded", () -> h.tg.calls().stream()
        .filter(c -> c.method().equals("sendmessage") || c.method().equals("editmessagetext"))
        .map(c -> c.status() + " " + c.params().path("parse_mode").asText()).toList(), c -> c.contains("200 HTML"));
    assertThat(sends).doesNotContain("400 HTML");
  }

  @Test
  void aShortTranscriptStaysPlainText() {
    h.aiml.script(JobScript.completes("Short & <sweet>."));
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("short"), 3).send();
    SentMessage answer = h.answerTo(ALICE_CHAT.id(), v);
    assertThat(answer.text()).startsWith("Short & <sweet>.");
    assertThat(h.tg.entities(ALICE_CHAT.id(), answer.messageId())).isEmpty();
  }

  @Test
  void aVeryLongQuotedTranscriptIsStillSplitPast4096AndNeverCut() {
    String text = TelegramPlatformTest.sentences(9_000).replace("talks", "talks <&>");
    h.aiml.script(JobScript.completes(text));
    int v = h.tg.message(ALICE_CHAT, ALICE).voice(voice("split"), 3).send();

    List<SentMessage> replies = Await.until("the whole transcript", () -> h.repliesTo(ALICE_CHAT.id(), v),
        r -> r.stream().map(SentMessage::text).collect(Collectors.joining()).length() >= text.length());

    assertThat(replies).hasSizeGreaterThan(1).allSatisfy(r -> {
      assertThat(r.text().length()).isLessThanOrEqualTo(4096);
      assertThat(h.tg.entities(ALICE_CHAT.id(), r.messageId())).extracting(HtmlText.Entity::type)
          .containsExactly("expandable_blockquote");
    });
    assertThat(replies.stream().map(SentMessage::text).collect(Collectors.joining())).isEqualTo(text);
  }
}
