package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.MESSAGE_CONTENT_INTENT;
import static dev.voxscribe.testing.discord.FakeDiscord.MODERATOR;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static dev.voxscribe.testing.discord.SlashOption.subcommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The developer portal has not granted the Message Content intent: Discord closes the first
 * session with 4014. The bot says which switch to flip and carries on with the commands.
 */
class MessageContentRefusedTest {
  @TempDir static Path dataDir;
  static TestBed bed;
  static FakeDiscord discord;

  @BeforeAll
  static void start() throws Exception {
    bed = new TestBed(dataDir, true);
    discord = bed.discord;
  }

  @AfterAll
  static void stop() {
    if (bed != null) bed.close();
  }

  @Test
  void reconnectsWithoutTheIntentAndSaysWhichSwitchToFlip() {
    List<Integer> intents = discord.identifiedIntents();
    assertThat(intents).hasSize(2);
    assertThat(intents.get(0) & MESSAGE_CONTENT_INTENT).isNotZero();
    assertThat(intents.get(1) & MESSAGE_CONTENT_INTENT).isZero();
    assertThat(discord.readySessions()).isEqualTo(1);
    assertThat(bed.logLines()).anySatisfy(line -> assertThat(line)
        .contains("4014").contains("MESSAGE CONTENT INTENT").contains("Privileged Gateway Intents"));
  }

  @Test
  void commandsStillWork() {
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(edit.content()).startsWith("Hello there.");
  }

  @Test
  void switchingAutoOnWarnsThatServerMessagesCannotBeSeen() {
    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MODERATOR, "autotranscribe", subcommand("on"));

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.json().path("data").path("content").asText()).contains("Message Content intent");
  }

  @Test
  void voiceMessagesInDirectMessagesAreStillTranscribedAndServerOnesArriveWithoutAudio() {
    FakeInteraction on = discord.slashCommand(GENERAL_CHANNEL_ID, MODERATOR, "autotranscribe", subcommand("on"));
    discord.awaitCall(c -> c.path().equals(on.callbackPath()), WAIT);
    FakeAttachment unseen = discord.voiceAttachment(GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 2.0);
    FakeAttachment heard = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 2.0);

    discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER, unseen);
    String voice = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, heard);

    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages"), WAIT);
    assertThat(reply.replyTo()).contains(voice);
    // Handled in order: the server's voice message, stripped of its audio by Discord, got no reply.
    assertThat(discord.calls("POST", "channels/" + GENERAL_CHANNEL_ID + "/messages")).isEmpty();
  }
}
