package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.MODERATOR;
import static dev.voxscribe.testing.discord.FakeDiscord.RANDOM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.THREAD_ID;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static dev.voxscribe.testing.discord.SlashOption.bool;
import static dev.voxscribe.testing.discord.SlashOption.string;
import static dev.voxscribe.testing.discord.SlashOption.subcommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.aiml.Upload;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: Discord events in through real JDA from the Discord stand-in, transcripts from a
 * real transcription stack on the AI/ML API stand-in, replies back to the stand-in's REST routes.
 * One gateway session serves the whole class.
 */
class DiscordPlatformTest {
  @TempDir static Path dataDir;
  static TestBed bed;
  static FakeDiscord discord;

  @BeforeAll
  static void start() throws Exception {
    bed = new TestBed(dataDir, false);
    discord = bed.discord;
  }

  @AfterAll
  static void stop() {
    if (bed != null) bed.close();
  }

  @BeforeEach
  void answerHello() {
    bed.aiml.creditsExhausted(false);
    bed.aiml.script(JobScript.completes("Hello there.").afterPolls(1));
  }

  // ---- start ----

  @Test
  void commandsAreRegisteredGloballyAndToTheDevServer() {
    discord.awaitCall(c -> c.method().equals("PUT") && c.path().equals("applications/" + APPLICATION_ID + "/commands"), WAIT);
    discord.awaitCall(c -> c.method().equals("PUT")
        && c.path().equals("applications/" + APPLICATION_ID + "/guilds/" + FakeDiscord.GUILD_ID + "/commands"), WAIT);

    assertThat(discord.globalCommands()).containsOnlyKeys("transcribe", "autotranscribe", "Transcribe", "usage", "stats", "help");
    assertThat(discord.guildCommands()).containsOnlyKeys("transcribe", "autotranscribe", "Transcribe", "usage", "stats", "help");
    JsonNode transcribe = discord.globalCommands().get("transcribe");
    assertThat(transcribe.path("options").get(0).path("type").asInt()).isEqualTo(11); // ATTACHMENT
    assertThat(transcribe.path("options").get(0).path("required").asBoolean()).isTrue();
    assertThat(discord.globalCommands().get("Transcribe").path("type").asInt()).isEqualTo(3); // MESSAGE menu
    assertThat(discord.globalCommands().get("autotranscribe").path("default_member_permissions").asText())
        .isEqualTo("32"); // MANAGE_GUILD
  }

  // ---- /transcribe ----

  @Test
  void slashCommandDefersThenEditsTheOriginalResponseIntoTheTranscript() {
    byte[] audio = TestBed.uniqueAudio();
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", audio);

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    List<DiscordCall> calls = discord.callsOf(i);
    DiscordCall callback = calls.get(0);
    assertThat(callback.path()).isEqualTo(i.callbackPath());
    assertThat(callback.json().path("type").asInt()).isEqualTo(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    assertThat(callback.ephemeral()).isFalse();
    assertThat(calls.indexOf(edit)).isGreaterThan(0);
    assertThat(edit.content()).startsWith("Hello there.");
    assertThat(edit.json().path("allowed_mentions").path("parse")).isEmpty(); // a transcript pings no one
    Upload upload = lastUpload();
    assertThat(upload.filename()).contains("memo.ogg");
    assertThat(upload.audio()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(audio));
  }

  @Test
  void privateSlashCommandIsEphemeralAndPassesTheLanguage() {
    bed.aiml.script(JobScript.completes("Guten Tag.").afterPolls(1));
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "gruss.mp3", "audio/mpeg", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe",
        attachment("file", file), string("language", "DE"), bool("private", true));

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(discord.callsOf(i).get(0).ephemeral()).isTrue();
    assertThat(edit.content()).startsWith("Guten Tag.");
    assertThat(lastUpload().fields()).containsEntry("language", "de");
  }

  @Test
  void aLanguageThatOnlyLooksLikeACodeIsRefusedBeforeAnyDownload() {
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "gruss.mp3", "audio/mpeg", TestBed.uniqueAudio());
    int creates = bed.aiml.createRequests();
    int downloads = discord.calls("GET", "attachments/").size();

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe",
        attachment("file", file), string("language", "xx"));

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.json().path("data").path("content").asText()).isEqualTo(Messages.ENGLISH.badLanguage("xx"));
    assertThat(bed.aiml.createRequests()).isEqualTo(creates);
    assertThat(discord.calls("GET", "attachments/")).hasSize(downloads);
  }

  @Test
  void longTranscriptArrivesWholeAcrossSeveralMessages() {
    String text = sentences(100); // about 4,900 characters
    bed.aiml.script(JobScript.completes(text).afterPolls(1));
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "lecture.m4a", "audio/mp4", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    List<DiscordCall> followups = discord.awaitCalls(
        c -> c.method().equals("POST") && c.path().equals(i.followupPath(APPLICATION_ID)), 2, WAIT);
    // Cuts fall on spaces, and Discord trims the whitespace around each message's content.
    String joined = java.util.stream.Stream.concat(java.util.stream.Stream.of(edit), followups.stream())
        .map(c -> c.content().strip()).collect(Collectors.joining(" "));
    assertThat(joined).startsWith(text);
    assertThat(edit.content().length()).isLessThanOrEqualTo(2000);
    assertThat(followups).allSatisfy(f -> assertThat(f.content().length()).isLessThanOrEqualTo(2000));
    assertThat(followups).allSatisfy(f -> assertThat(f.ephemeral()).isFalse());
  }

  @Test
  void veryLongTranscriptComesAsATextFile() {
    String text = sentences(400); // about 20,000 characters: too many messages
    bed.aiml.script(JobScript.completes(text).afterPolls(1));
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "meeting.mp4", "video/mp4", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(edit.files()).singleElement().satisfies(f -> {
      assertThat(f.filename()).isEqualTo("transcript.txt");
      assertThat(f.text().strip()).isEqualTo(text.strip());
    });
    assertThat(edit.content()).isNotBlank().hasSizeLessThan(200);
  }

  @Test
  void sameAudioTwiceCostsOneCreate() {
    byte[] audio = TestBed.uniqueAudio();
    int createsBefore = bed.aiml.createCount();
    FakeAttachment first = discord.upload(GENERAL_CHANNEL_ID, "again.ogg", "audio/ogg", audio);
    FakeAttachment second = discord.upload(RANDOM_CHANNEL_ID, "again-forwarded.ogg", "audio/ogg", audio);

    FakeInteraction one = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", first));
    DiscordCall firstEdit = discord.awaitCall(c -> c.matches("PATCH", one.originalPath(APPLICATION_ID)), WAIT);
    FakeInteraction two = discord.slashCommand(RANDOM_CHANNEL_ID, MODERATOR, "transcribe", attachment("file", second));
    DiscordCall secondEdit = discord.awaitCall(c -> c.matches("PATCH", two.originalPath(APPLICATION_ID)), WAIT);

    assertThat(firstEdit.content()).startsWith("Hello there.");
    assertThat(secondEdit.content()).startsWith("Hello there.");
    assertThat(bed.aiml.createCount()).isEqualTo(createsBefore + 1);
  }

  // ---- bad input ----

  @Test
  void oversizedAttachmentIsRefusedPrivatelyWithoutDownloadOrCreate() {
    FakeAttachment big = discord.upload(GENERAL_CHANNEL_ID, "podcast.mp3", "audio/mpeg", TestBed.uniqueAudio())
        .withDeclaredSize(5L << 20);
    int createsBefore = bed.aiml.createCount();

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", big));

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.json().path("type").asInt()).isEqualTo(4); // answered at once, not deferred
    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.json().path("data").path("content").asText()).contains("1 MB");
    assertThat(downloadsOf(big)).isEmpty();
    assertThat(bed.aiml.createCount()).isEqualTo(createsBefore);
  }

  @Test
  void tooLongVoiceMessageIsRefusedPrivatelyFromTheMenu() {
    FakeAttachment voice = discord.voiceAttachment(GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 600.0);
    String message = discord.storeMessage(GENERAL_CHANNEL_ID, MEMBER, "", 1 << 13, voice);
    int createsBefore = bed.aiml.createCount();

    FakeInteraction i = discord.messageCommand(GENERAL_CHANNEL_ID, MODERATOR, "Transcribe", message);

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.json().path("data").path("content").asText()).contains("2 minutes");
    assertThat(downloadsOf(voice)).isEmpty();
    assertThat(bed.aiml.createCount()).isEqualTo(createsBefore);
  }

  @Test
  void nonAudioAttachmentGetsAOneLinePrivateExplanation() {
    FakeAttachment pdf = discord.upload(GENERAL_CHANNEL_ID, "notes.pdf", "application/pdf", new byte[] {'%', 'P', 'D', 'F'});

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", pdf));

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    String content = answer.json().path("data").path("content").asText();
    assertThat(answer.ephemeral()).isTrue();
    assertThat(content).contains("notes.pdf").doesNotContain("\n");
    assertThat(downloadsOf(pdf)).isEmpty();
  }

  @Test
  void menuOnAMessageWithoutMediaSaysSoPrivately() {
    FakeAttachment pdf = discord.upload(GENERAL_CHANNEL_ID, "slides.pdf", "application/pdf", new byte[] {1});
    String message = discord.storeMessage(GENERAL_CHANNEL_ID, MEMBER, "see attached", 0, pdf);

    FakeInteraction i = discord.messageCommand(GENERAL_CHANNEL_ID, MEMBER, "Transcribe", message);

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.json().path("data").path("content").asText()).contains("no audio or video");
  }

  // ---- the Transcribe menu ----

  @Test
  void menuTranscribesEveryMediaAttachmentLabelledWithItsName() {
    bed.aiml.script(upload -> JobScript.completes(
        upload.filename().orElse("").equals("first.mp3") ? "First one." : "Second one.").afterPolls(1));
    FakeAttachment a = discord.upload(GENERAL_CHANNEL_ID, "first.mp3", "audio/mpeg", TestBed.uniqueAudio());
    FakeAttachment pdf = discord.upload(GENERAL_CHANNEL_ID, "agenda.pdf", "application/pdf", new byte[] {1, 2});
    FakeAttachment b = discord.upload(GENERAL_CHANNEL_ID, "second.webm", "video/webm", TestBed.uniqueAudio());
    String message = discord.storeMessage(GENERAL_CHANNEL_ID, MODERATOR, "", 0, a, pdf, b);

    FakeInteraction i = discord.messageCommand(GENERAL_CHANNEL_ID, MEMBER, "Transcribe", message);

    DiscordCall edit = discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);
    assertThat(discord.callsOf(i).get(0).json().path("type").asInt()).isEqualTo(5);
    assertThat(edit.content())
        .contains("**first.mp3**\nFirst one.")
        .contains("**second.webm**\nSecond one.")
        .doesNotContain("agenda.pdf");
    assertThat(edit.content().indexOf("first.mp3")).isLessThan(edit.content().indexOf("second.webm"));
    assertThat(downloadsOf(pdf)).isEmpty();
  }

  // ---- voice messages ----

  @Test
  void voiceMessageIsTranscribedInAnEnabledChannelAndIgnoredInADisabledOne() {
    switchAuto(RANDOM_CHANNEL_ID, false);
    switchAuto(GENERAL_CHANNEL_ID, true);
    FakeAttachment ignored = discord.voiceAttachment(RANDOM_CHANNEL_ID, TestBed.uniqueAudio(), 3.5);
    FakeAttachment heard = discord.voiceAttachment(GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 3.5);

    discord.sendVoiceMessage(RANDOM_CHANNEL_ID, MEMBER, ignored);
    String voice = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER, heard);

    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + GENERAL_CHANNEL_ID + "/messages")
        && c.replyTo().equals(java.util.Optional.of(voice)), WAIT);
    assertThat(reply.content()).startsWith("Hello there.").contains("0:0"); // the length, under the text
    // Events are handled in order, so the earlier message in #random was already passed over.
    assertThat(discord.calls("POST", "channels/" + RANDOM_CHANNEL_ID + "/messages")).isEmpty();
    assertThat(downloadsOf(ignored)).isEmpty();
  }

  @Test
  void voiceMessageInAThreadIsAnsweredInsideTheThread() {
    switchAuto(GENERAL_CHANNEL_ID, true); // the thread follows its parent channel
    FakeAttachment heard = discord.voiceAttachment(THREAD_ID, TestBed.uniqueAudio(), 2.0);

    String voice = discord.sendVoiceMessage(THREAD_ID, MEMBER, heard);

    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + THREAD_ID + "/messages"), WAIT);
    assertThat(reply.replyTo()).contains(voice);
    assertThat(reply.content()).startsWith("Hello there.");
  }

  @Test
  void voiceMessageInADirectMessageIsAlwaysTranscribed() {
    FakeAttachment heard = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.2);

    String voice = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, heard);

    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages"), WAIT);
    assertThat(reply.replyTo()).contains(voice);
    assertThat(reply.content()).startsWith("Hello there.");
  }

  // ---- /autotranscribe ----

  @Test
  void autotranscribeIsRefusedWithoutManageServer() {
    java.util.Optional<String> before = bed.settings.get(AutoSettings.channelScope(RANDOM_CHANNEL_ID), AutoSettings.KEY);

    FakeInteraction i = discord.slashCommand(RANDOM_CHANNEL_ID, MEMBER, "autotranscribe", subcommand("on"));

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.json().path("data").path("content").asText()).contains("Manage Server");
    assertThat(bed.settings.get(AutoSettings.channelScope(RANDOM_CHANNEL_ID), AutoSettings.KEY)).isEqualTo(before);
  }

  @Test
  void autotranscribeForTheWholeServerIsStored() {
    FakeInteraction i = discord.slashCommand(RANDOM_CHANNEL_ID, MODERATOR, "autotranscribe",
        subcommand("off", bool("server", true)));

    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.ephemeral()).isFalse(); // everyone in the channel should know
    assertThat(answer.json().path("data").path("content").asText()).contains("this server");
    assertThat(bed.settings.get(AutoSettings.guildScope(FakeDiscord.GUILD_ID), AutoSettings.KEY)).contains("off");
  }

  // ---- failures ----

  @Test
  void failedJobGetsAShortPrivateAnswerAndDetailsOnlyInTheLog() {
    bed.aiml.script(JobScript.fails("decoder exploded at frame 1234").afterPolls(1));
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "broken.ogg", "audio/ogg", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall answer = discord.awaitCall(c -> c.method().equals("POST")
        && c.path().equals(i.followupPath(APPLICATION_ID)), WAIT);
    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.content()).contains("couldn't transcribe").doesNotContain("decoder");
    // The public "thinking…" placeholder is removed rather than left hanging.
    assertThat(discord.callsOf(i)).anySatisfy(c -> assertThat(c.matches("DELETE", i.originalPath(APPLICATION_ID))).isTrue());
    assertThat(bed.logLines()).anySatisfy(line -> assertThat(line).contains("JOB_FAILED"));
  }

  @Test
  void outOfCreditsGetsAShortAnswer() {
    bed.aiml.creditsExhausted(true);
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "credits.ogg", "audio/ogg", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe",
        attachment("file", file), bool("private", true));

    // The 403 can come back before the bot defers; then the refusal is the callback itself.
    assertThat(discord.awaitAnswerText(i, APPLICATION_ID, WAIT)).contains("unavailable").doesNotContain("credit");
  }

  @Test
  void theTokenNeverAppearsInLogsOrInAnythingSent() {
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "secret.ogg", "audio/ogg", TestBed.uniqueAudio());
    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));
    discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), WAIT);

    assertThat(bed.logLines()).noneSatisfy(line -> assertThat(line).contains(FakeDiscord.TOKEN));
    assertThat(discord.calls()).noneSatisfy(c -> assertThat(c.json().toString()).contains(FakeDiscord.TOKEN));
    assertThat(bed.aiml.requestHeaders()).noneSatisfy(h -> assertThat(h).contains(FakeDiscord.TOKEN));
    // Downloads from the CDN carry no credentials at all.
    assertThat(discord.calls("GET", "attachments/")).allSatisfy(c -> assertThat(c.authorization()).isEmpty());
  }

  // ---- helpers ----

  private static void switchAuto(String channelId, boolean on) {
    FakeInteraction i = discord.slashCommand(channelId, MODERATOR, "autotranscribe", subcommand(on ? "on" : "off"));
    DiscordCall answer = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(answer.json().path("data").path("content").asText()).contains("<#" + channelId + ">");
  }

  private static List<DiscordCall> downloadsOf(FakeAttachment a) {
    return discord.calls("GET", "attachments/").stream().filter(c -> c.path().contains("/" + a.id() + "/")).toList();
  }

  private static Upload lastUpload() {
    List<Upload> uploads = bed.aiml.uploads();
    return uploads.get(uploads.size() - 1);
  }

  private static String sentences(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(k -> "This is sentence number " + k + " of a rather long recording.")
        .collect(Collectors.joining(" "));
  }
}
