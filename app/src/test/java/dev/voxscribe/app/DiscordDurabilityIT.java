package dev.voxscribe.app;

import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import dev.voxscribe.testing.discord.SlashOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar killed after the create of a Discord job, then started again: answered once, paid once. */
class DiscordDurabilityIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final FakeDiscord discord = new FakeDiscord();
  private BotProcess bot;

  @BeforeEach
  void bot() {
    bot = new BotProcess(dir, Map.of(
        "AIML_API_KEY", aiml.apiKey(), "AIML_API_URL", aiml.baseUrl(),
        "DISCORD_BOT_TOKEN", FakeDiscord.TOKEN, "DISCORD_API_URL", discord.restBase(),
        "DISCORD_GATEWAY_URL", discord.gatewayUrl(), "VOXSCRIBE_DATA_DIR", dir.resolve("data").toString()));
  }

  @AfterEach
  void stop() {
    bot.stopQuietly();
    discord.close();
    aiml.close();
  }

  private void started() throws Exception {
    bot.start();
    try {
      Await.until("the bot ready", WAIT, bot::lastRunLog, log -> log.contains("discord started"));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; log:\n" + bot.logs(), e);
    }
  }

  /** The create's answer reached the bot (it polls only then), so the generation is kept. */
  private void created() {
    Await.until("the create and the first poll", WAIT, () -> aiml.createCount() == 1 && aiml.pollCount() >= 1, ok -> ok);
  }

  @Test
  void killedAfterTheCreateAnAutoTranscribedVoiceMessageIsAnsweredAfterTheRestart() throws Exception {
    aiml.script(JobScript.completes("Voice kept across the crash.").afterPolls(1));
    aiml.hold(true);
    started();
    FakeAttachment voice = discord.voiceAttachment(DM_CHANNEL_ID, new byte[] {'O', 'g', 'g', 'S', 8, 1}, 2.0);
    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, voice);
    created();
    bot.kill();
    aiml.hold(false);

    started();
    DiscordCall reply = discord.awaitCall(
        c -> c.method().equals("POST") && c.path().equals("channels/" + DM_CHANNEL_ID + "/messages"), WAIT);
    assertThat(reply.json().toString()).contains("Voice kept across the crash.");
    // Answered as a fresh job is: with its button (VOXSCRIBE_BUTTONS' default), which names the kept transcript.
    assertThat(reply.json().path("components").toString()).contains("\"custom_id\":\"vx1:t:");
    assertThat(aiml.createCount()).isEqualTo(1);
    assertThat(discord.calls("POST", "channels/" + DM_CHANNEL_ID + "/messages")).hasSize(1);

    // Pressed in the restarted process: the button names the kept transcript, answered privately.
    String answer = discord.botMessagesWithButtons().get(0).path("id").asText();
    String translate = discord.buttons(answer).get(0).get(0).get(1);
    FakeInteraction press = discord.pressButton(DM_CHANNEL_ID, MEMBER, answer, translate, "de");
    DiscordCall translated = discord.awaitCall(c -> c.matches("PATCH", press.originalPath(APPLICATION_ID))
        && c.status() == 200, WAIT);
    assertThat(translated.content()).startsWith("**Deutsch**");
    assertThat(aiml.chat().count()).isEqualTo(1);
  }

  @Test
  void killedAfterTheCreateASlashCommandsOriginalResponseIsEditedAfterTheRestart() throws Exception {
    aiml.script(JobScript.completes("Command kept across the crash.").afterPolls(1));
    aiml.hold(true);
    started();
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", new byte[] {'O', 'g', 'g', 'S', 8, 2});
    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", SlashOption.attachment("file", file));
    discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT); // deferred: "is thinking…"
    created();
    bot.kill();
    aiml.hold(false);

    started();
    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(edit.content()).startsWith("Command kept across the crash.");
    assertThat(edit.json().path("components").toString()).contains("\"custom_id\":\"vx1:t:");
    assertThat(aiml.createCount()).isEqualTo(1);
    List<DiscordCall> edits = discord.calls("PATCH", i.originalPath(APPLICATION_ID));
    assertThat(edits).hasSize(1);
  }

  @Test
  void killedWhileTheServiceHeldTheCreatesAnswerASlashCommandIsAskedForTheFileAgainAndNotPaidTwice() throws Exception {
    aiml.takeAndHoldNextCreate();
    started();
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", new byte[] {'O', 'g', 'g', 'S', 8, 3});
    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", SlashOption.attachment("file", file));
    discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT); // deferred: "is thinking…"
    Await.until("the create taken, its answer held", WAIT, () -> aiml.createCount() == 1, ok -> ok);
    bot.kill();

    started();
    // As every failure of a command: "thinking…" goes, the answer comes privately to the person who asked.
    DiscordCall told = discord.awaitCall(c -> c.matches("POST", i.followupPath(APPLICATION_ID)), WAIT);
    assertThat(told.content()).contains("send it again");
    assertThat(aiml.createCount()).isEqualTo(1);
    assertThat(discord.calls("POST", i.followupPath(APPLICATION_ID))).hasSize(1);
  }
}
