package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.FOREIGN_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GROUP_DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.MODERATOR;
import static dev.voxscribe.testing.discord.FakeDiscord.OWNER;
import static dev.voxscribe.testing.discord.FakeDiscord.RANDOM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static dev.voxscribe.testing.discord.SlashOption.bool;
import static dev.voxscribe.testing.discord.SlashOption.subcommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User installs (the app used where the bot is no member) and forwarded voice messages
 * ({@code message_snapshots}), end to end over real JDA against the Discord stand-in.
 */
class UserInstallAndForwardTest {
  @TempDir static Path dataDir;
  static TestBed bed;
  static FakeDiscord discord;

  @BeforeAll
  static void start() throws Exception {
    bed = new TestBed(dataDir, false);
    discord = bed.discord;
    // Start-up registrations are done before any test counts the calls it caused.
    discord.awaitCall(c -> c.matches("PUT", "applications/" + APPLICATION_ID + "/commands"), WAIT);
    discord.awaitCall(c -> c.matches("PUT", "applications/" + APPLICATION_ID + "/guilds/"), WAIT);
  }

  @AfterAll
  static void stop() {
    if (bed != null) bed.close();
  }

  @BeforeEach
  void answerHello() {
    bed.aiml.script(JobScript.completes("Hello there.").afterPolls(1));
  }

  // ---- user installs ----

  @Test
  void transcribeAndTheMenuAreRegisteredForBothInstallTypesInEveryContext() {
    discord.awaitCall(c -> c.matches("PUT", "applications/" + APPLICATION_ID + "/commands"), WAIT);

    for (String name : List.of("transcribe", "Transcribe")) {
      JsonNode command = discord.globalCommands().get(name);
      assertThat(ints(command.path("integration_types"))).as(name).containsExactlyInAnyOrder(0, 1);
      assertThat(ints(command.path("contexts"))).as(name).containsExactlyInAnyOrder(0, 1, 2);
    }
    // A server setting stays where the bot itself was added.
    JsonNode auto = discord.globalCommands().get("autotranscribe");
    assertThat(ints(auto.path("integration_types"))).containsExactly(0);
    assertThat(ints(auto.path("contexts"))).containsExactly(0);
  }

  @Test
  void slashCommandInAServerTheBotIsNotInIsAnsweredOnlyThroughTheInteraction() {
    FakeAttachment file = discord.upload(FOREIGN_CHANNEL_ID, "note.ogg", "audio/ogg", TestBed.uniqueAudio());
    int before = discord.calls().size();

    FakeInteraction i = discord.slashCommand(FOREIGN_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(edit.content()).startsWith("Hello there.");
    DiscordCall callback = discord.callsOf(i).get(0);
    assertThat(callback.json().path("type").asInt()).isEqualTo(5);
    assertThat(callback.ephemeral()).as("private by default where the bot is no member").isTrue();
    assertOnlyInteractionAndCdnCallsSince(before);
  }

  @Test
  void askingForAPublicAnswerWhereTheBotIsNotAMemberIsHonoured() {
    FakeAttachment file = discord.upload(FOREIGN_CHANNEL_ID, "open.ogg", "audio/ogg", TestBed.uniqueAudio());
    int before = discord.calls().size();

    FakeInteraction i = discord.slashCommand(FOREIGN_CHANNEL_ID, MEMBER, "transcribe",
        attachment("file", file), bool("private", false));

    discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(discord.callsOf(i).get(0).ephemeral()).isFalse();
    assertOnlyInteractionAndCdnCallsSince(before);
  }

  @Test
  void menuOnAVoiceMessageInAGroupDmIsAnsweredOnlyThroughTheInteraction() {
    FakeAttachment voice = discord.voiceAttachment(GROUP_DM_CHANNEL_ID, TestBed.uniqueAudio(), 2.5);
    String message = discord.storeMessage(GROUP_DM_CHANNEL_ID, OWNER, "", 1 << 13, voice);
    int before = discord.calls().size();

    FakeInteraction i = discord.messageCommand(GROUP_DM_CHANNEL_ID, MEMBER, "Transcribe", message);

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(edit.content()).startsWith("Hello there.");
    assertThat(discord.callsOf(i).get(0).ephemeral()).isTrue();
    assertOnlyInteractionAndCdnCallsSince(before);
  }

  @Test
  void autotranscribeFromAServerTheBotIsNotInChangesNothingAndSaysWhy() {
    // Registered for guild installs only, so Discord should never send it from there; if it does, no harm.
    int before = discord.calls().size();

    FakeInteraction i = discord.slashCommand(FOREIGN_CHANNEL_ID, MODERATOR, "autotranscribe", subcommand("on"));

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.json().path("data").path("content").asText()).contains("not a member of this server");
    assertThat(bed.settings.get(AutoSettings.channelScope(FOREIGN_CHANNEL_ID), AutoSettings.KEY)).isEmpty();
    assertOnlyInteractionAndCdnCallsSince(before);
  }

  // ---- forwarded voice messages ----

  @Test
  void forwardedVoiceMessageInADirectMessageIsTranscribed() {
    FakeAttachment heard = discord.voiceAttachment(GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 4.0);
    String original = discord.storeMessage(GENERAL_CHANNEL_ID, MODERATOR, "", 1 << 13, heard);

    String forward = discord.forwardMessage(DM_CHANNEL_ID, MEMBER, original);

    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages")
        && c.replyTo().equals(Optional.of(forward)), WAIT);
    assertThat(reply.content()).startsWith("Hello there.");
    assertThat(downloadsOf(heard)).hasSize(1);
  }

  @Test
  void forwardedVoiceMessageInAnEnabledChannelIsTranscribedAndInAnotherIsNot() {
    switchAuto(RANDOM_CHANNEL_ID, true);
    switchAuto(GENERAL_CHANNEL_ID, false);
    FakeAttachment ignored = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.0);
    FakeAttachment heard = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.0);
    String first = discord.storeMessage(DM_CHANNEL_ID, MEMBER, "", 1 << 13, ignored);
    String second = discord.storeMessage(DM_CHANNEL_ID, MEMBER, "", 1 << 13, heard);

    discord.forwardMessage(GENERAL_CHANNEL_ID, MEMBER, first);
    String forward = discord.forwardMessage(RANDOM_CHANNEL_ID, MEMBER, second);

    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + RANDOM_CHANNEL_ID + "/messages")
        && c.replyTo().equals(Optional.of(forward)), WAIT);
    assertThat(reply.content()).startsWith("Hello there.");
    // Events are handled in order: the forward into #general was already passed over.
    assertThat(discord.calls("POST", "channels/" + GENERAL_CHANNEL_ID + "/messages")).isEmpty();
    assertThat(downloadsOf(ignored)).isEmpty();
  }

  @Test
  void forwardedAudioFileIsNotTranscribedUnasked() {
    FakeAttachment song = discord.upload(DM_CHANNEL_ID, "song.mp3", "audio/mpeg", TestBed.uniqueAudio());
    String original = discord.storeMessage(DM_CHANNEL_ID, MEMBER, "listen", 0, song);
    discord.forwardMessage(DM_CHANNEL_ID, MEMBER, original);
    // A voice message sent after it is answered: by then the forward was handled, and ignored.
    FakeAttachment voice = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.0);
    String after = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, voice);

    discord.awaitCall(c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages")
        && c.replyTo().equals(Optional.of(after)), WAIT);
    assertThat(downloadsOf(song)).isEmpty();
  }

  @Test
  void menuOnAForwardedVoiceMessageTranscribesTheForwardedAudio() {
    FakeAttachment voice = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 3.0);
    String original = discord.storeMessage(DM_CHANNEL_ID, MEMBER, "", 1 << 13, voice);
    String forward = discord.storeForward(GENERAL_CHANNEL_ID, MEMBER, original);

    FakeInteraction i = discord.messageCommand(GENERAL_CHANNEL_ID, MODERATOR, "Transcribe", forward);

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(edit.content()).startsWith("Hello there.");
    assertThat(discord.callsOf(i).get(0).ephemeral()).isFalse();
    assertThat(downloadsOf(voice)).hasSize(1);
  }

  // ---- helpers ----

  /** Since call number {@code before}: only interaction callbacks, interaction webhooks and CDN downloads. */
  private static void assertOnlyInteractionAndCdnCallsSince(int before) {
    List<DiscordCall> since = discord.calls().subList(before, discord.calls().size());
    assertThat(since).isNotEmpty().allSatisfy(c -> assertThat(c.path())
        .matches("^(interactions/|webhooks/" + APPLICATION_ID + "/|attachments/).*"));
    assertThat(since).allSatisfy(c -> assertThat(c.status()).isLessThan(400));
  }

  private static void switchAuto(String channelId, boolean on) {
    FakeInteraction i = discord.slashCommand(channelId, MODERATOR, "autotranscribe", subcommand(on ? "on" : "off"));
    discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
  }

  private static List<DiscordCall> downloadsOf(FakeAttachment a) {
    return discord.calls("GET", "attachments/").stream().filter(c -> c.path().contains("/" + a.id() + "/")).toList();
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
