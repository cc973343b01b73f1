package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.MODERATOR;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.extras.ExtrasPolicy;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buttons under transcripts on Discord: deferred privately at once, answered only to whoever pressed. */
class DiscordButtonsTest {
  static final String LONG = ("We move the release to Thursday because the migration is not ready yet. "
      + "Maria checks the backups tonight and Tom writes to the customers. ").repeat(4).strip();
  @TempDir static Path dataDir;
  static TestBed bed;
  static FakeDiscord discord;

  @BeforeAll
  static void start() throws Exception {
    bed = new TestBed(dataDir, false, Deferral.ANSWER_WITHIN, Optional.of(ExtrasPolicy.defaults("gpt-4o-mini")));
    discord = bed.discord;
  }

  @AfterAll
  static void stop() {
    if (bed != null) bed.close();
  }

  @BeforeEach
  void reset() {
    bed.aiml.script(JobScript.completes("Hello there.").afterPolls(1));
    bed.aiml.chat().reply(call -> call.contentOf("system").contains("summarise") ? "• Release on Thursday." : "Hallo da.");
  }

  /** The newest bot message with buttons once there is one more than {@code before}. */
  private static JsonNode newButtons(int before) {
    List<JsonNode> now = Await.until("a new message with buttons", WAIT, discord::botMessagesWithButtons,
        all -> all.size() > before);
    return now.get(now.size() - 1);
  }

  private static String customId(JsonNode message, Action action) {
    return discord.buttons(message.path("id").asText()).stream().flatMap(List::stream)
        .filter(b -> b.get(0).startsWith(Messages.ENGLISH.buttonLabel(action))).findFirst().orElseThrow().get(1);
  }

  private static List<String> labels(JsonNode message) {
    return discord.buttons(message.path("id").asText()).stream().flatMap(List::stream).map(b -> b.get(0)).toList();
  }

  private static DiscordCall answer(FakeInteraction press) {
    return discord.awaitCall(c -> c.matches("PATCH", press.originalPath(APPLICATION_ID)), WAIT);
  }

  @Test
  void aVoiceMessageGetsTranslateAndAPressIsDeferredPrivatelyThenAnsweredOnceForEveryone() {
    int before = discord.botMessagesWithButtons().size();
    String voice = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER,
        discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 2.0));
    JsonNode reply = newButtons(before);
    assertThat(reply.path("message_reference").path("message_id").asText()).isEqualTo(voice);
    assertThat(labels(reply)).containsExactly("🌐 Translate");
    int completions = bed.aiml.chat().count();

    FakeInteraction first = discord.pressButton(DM_CHANNEL_ID, MEMBER, reply.path("id").asText(),
        customId(reply, Action.TRANSLATE), "de");
    DiscordCall callback = discord.awaitCall(c -> c.path().equals(first.callbackPath()), WAIT);
    assertThat(callback.json().path("type").asInt()).isEqualTo(5); // deferred
    assertThat(callback.ephemeral()).isTrue();
    // Pressed from a German client: translated into German, under a header in German.
    assertThat(answer(first).content()).isEqualTo("**Deutsch**\nHallo da.");

    FakeInteraction second = discord.pressButton(DM_CHANNEL_ID, MODERATOR, reply.path("id").asText(),
        customId(reply, Action.TRANSLATE), "de");
    assertThat(answer(second).content()).isEqualTo("**Deutsch**\nHallo da.");
    assertThat(bed.aiml.chat().count()).isEqualTo(completions + 1);
    assertThat(bed.aiml.chat().calls().get(bed.aiml.chat().calls().size() - 1).contentOf("system")).contains("into German (de)");
  }

  @Test
  void aTranscriptDiscordRefusesAsTextComesAsAFileWithItsButtons() {
    discord.blockContent(text -> text.contains("forbidden"));
    try {
      bed.aiml.script(JobScript.completes("A forbidden word, said aloud.").afterPolls(1));
      String voice = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER,
          discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.5));

      DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages")
          && c.replyTo().equals(Optional.of(voice)) && c.status() == 200, WAIT);
      assertThat(reply.content()).isEqualTo(Messages.ENGLISH.transcriptRefusedAsFile());
      assertThat(reply.files()).singleElement().satisfies(f -> assertThat(f.text().strip())
          .isEqualTo("A forbidden word, said aloud."));
      // The buttons went with the file, the last message the transcript took.
      assertThat(reply.json().path("components").toString()).contains("\"custom_id\":\"vx1:t:");
    } finally {
      discord.blockContent(text -> false);
    }
  }

  @Test
  void whenOnlyALaterPartIsRefusedTheButtonsSitUnderTheLastPartSentAgainClean() {
    String first = ("This is the first part of a long recording, sentence after sentence. ").repeat(25).strip();
    String second = ("And this is the second part, which holds a character Discord refuses. ").repeat(20)
        + "\u0000 The end.";
    discord.refuseContent(text -> text.indexOf('\u0000') >= 0);
    try {
      bed.aiml.script(JobScript.completes(first + " " + second).afterPolls(1));
      FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "parts.ogg", "audio/ogg", TestBed.uniqueAudio());
      FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

      DiscordCall followup = discord.awaitCall(c -> c.method().equals("POST")
          && c.path().equals(i.followupPath(APPLICATION_ID)) && c.status() == 200, WAIT);
      assertThat(followup.content()).contains("The end.").doesNotContain("\u0000");
      assertThat(followup.json().path("components").toString()).contains("\"custom_id\":\"vx1:s:")
          .contains("\"custom_id\":\"vx1:t:");
      assertThat(discord.calls("PATCH", i.originalPath(APPLICATION_ID))).singleElement()
          .satisfies(e -> assertThat(e.json().path("components").isMissingNode() || e.json().path("components").isEmpty())
              .as("no buttons under the first part").isTrue());
    } finally {
      discord.refuseContent(text -> false);
    }
  }

  @Test
  void aLongAudioFileGetsAllThreeAndSubtitlesComeAsAnSrtFileWithoutAServiceCall() {
    bed.aiml.script(JobScript.completes(LONG).afterPolls(1));
    int before = discord.botMessagesWithButtons().size();
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "meeting.mp3", "audio/mpeg", TestBed.uniqueAudio());
    discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));
    JsonNode reply = newButtons(before);
    assertThat(labels(reply)).containsExactly("📝 Summary", "🌐 Translate", "🎬 Subtitles");
    int requests = bed.aiml.requestCount();

    FakeInteraction press = discord.pressButton(GENERAL_CHANNEL_ID, MODERATOR, reply.path("id").asText(),
        customId(reply, Action.SUBTITLES), "en-US");

    DiscordCall edit = answer(press);
    assertThat(edit.files()).hasSize(1);
    assertThat(edit.files().get(0).filename()).isEqualTo("subtitles.srt");
    assertThat(edit.files().get(0).text()).startsWith("1\n00:00:00,000 --> ").contains("\n\n2\n");
    assertThat(bed.aiml.requestCount()).isEqualTo(requests);

    FakeInteraction summary = discord.pressButton(GENERAL_CHANNEL_ID, MEMBER, reply.path("id").asText(),
        customId(reply, Action.SUMMARY), "en-US");
    assertThat(answer(summary).content()).isEqualTo("**Summary**\n• Release on Thursday.");
    assertThat(discord.callsOf(summary).get(0).ephemeral()).isTrue();
  }

  @Test
  void anExpiredTranscriptIsSaidSoAtOncePrivately() {
    int before = discord.botMessagesWithButtons().size();
    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.0));
    JsonNode reply = newButtons(before);
    bed.extrasClock.advance(Duration.ofDays(2));
    try {
      FakeInteraction press = discord.pressButton(DM_CHANNEL_ID, MEMBER, reply.path("id").asText(),
          customId(reply, Action.TRANSLATE), "fr");
      DiscordCall callback = discord.awaitCall(c -> c.path().equals(press.callbackPath()), WAIT);
      assertThat(callback.json().path("type").asInt()).isEqualTo(4);
      assertThat(callback.ephemeral()).isTrue();
      assertThat(callback.json().path("data").path("content").asText()).isEqualTo(Messages.in(java.util.Locale.FRENCH).expired())
          .startsWith("Cette transcription a expiré");
    } finally {
      bed.extrasClock.advance(Duration.ofDays(-2));
    }
  }

  @Test
  void aFailingChatModelGetsAShortPrivateAnswer() {
    int before = discord.botMessagesWithButtons().size();
    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.0));
    JsonNode reply = newButtons(before);
    bed.aiml.failNext(Endpoint.CHAT, 429);

    FakeInteraction press = discord.pressButton(DM_CHANNEL_ID, MEMBER, reply.path("id").asText(),
        customId(reply, Action.TRANSLATE), "it");

    assertThat(answer(press).content()).isEqualTo(Messages.in(java.util.Locale.ITALIAN).extraFailed(Action.TRANSLATE,
        FailureKind.RATE_LIMITED)).contains("traduzione");
  }
}
