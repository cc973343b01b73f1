package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discord refusing the transcript's text (400 with code 50035 Invalid Form Body, or 200000 from
 * AutoMod): the transcript still arrives, without the offending characters or as
 * {@code transcript.txt}, and "thinking…" never stays.
 */
class RefusedTextTest {
  @TempDir static Path dataDir;
  static TestBed bed;
  static FakeDiscord discord;

  @BeforeAll
  static void start() throws Exception {
    bed = new TestBed(dataDir, false);
    discord = bed.discord;
  }

  @AfterEach
  void refuseNothing() {
    discord.refuseContent(text -> false);
    discord.blockContent(text -> false);
  }

  @AfterAll
  static void stop() {
    if (bed != null) bed.close();
  }

  @Test
  void aCommandsTranscriptWithAControlCharacterArrivesWithoutIt() {
    discord.refuseContent(text -> text.chars().anyMatch(c -> c < 0x20 && c != '\n'));
    bed.aiml.script(JobScript.completes("Hello\u0000 world,\u0007 all good.").afterPolls(1));
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall answered = discord.awaitCall(
        c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)) && c.status() == 200, WAIT);
    assertThat(answered.content()).startsWith("Hello world, all good.");
    assertThat(discord.calls("PATCH", i.originalPath(APPLICATION_ID)))
        .first().satisfies(c -> assertThat(c.status()).isEqualTo(400));
    assertThat(bed.logLines()).anySatisfy(line -> assertThat(line)
        .contains("Discord refused the reply in interaction").contains("without control characters"));
  }

  @Test
  void aTranscriptRefusedEvenCleanArrivesAsAFileInPlaceOfThePlaceholder() {
    discord.blockContent(text -> text.contains("forbidden"));
    bed.aiml.script(JobScript.completes("A forbidden word, said aloud.").afterPolls(1));
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "blocked.ogg", "audio/ogg", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall answered = discord.awaitCall(
        c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)) && c.status() == 200, WAIT);
    assertThat(answered.content()).isEqualTo(Messages.ENGLISH.transcriptRefusedAsFile());
    assertThat(answered.files()).singleElement().satisfies(f -> {
      assertThat(f.filename()).isEqualTo("transcript.txt");
      assertThat(f.text().strip()).isEqualTo("A forbidden word, said aloud.");
    });
  }

  @Test
  void anAutoTranscriptRefusedForItsTextArrivesClean() {
    discord.refuseContent(text -> text.indexOf('\u0000') >= 0);
    bed.aiml.script(JobScript.completes("Voice\u0000 note, heard.").afterPolls(1));
    FakeAttachment heard = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.5);

    String voice = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, heard);

    DiscordCall reply = discord.awaitCall(
        c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages") && c.replyTo().equals(Optional.of(voice))
            && c.status() == 200, WAIT);
    assertThat(reply.content()).startsWith("Voice note, heard.");
  }

  @Test
  void anAutoTranscriptRefusedEvenCleanArrivesAsAFile() {
    discord.blockContent(text -> text.contains("forbidden"));
    bed.aiml.script(JobScript.completes("Another forbidden phrase.").afterPolls(1));
    FakeAttachment heard = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 1.5);

    String voice = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, heard);

    DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages")
        && c.replyTo().equals(Optional.of(voice)) && c.status() == 200, WAIT);
    assertThat(reply.content()).isEqualTo(Messages.ENGLISH.transcriptRefusedAsFile());
    assertThat(reply.files()).singleElement().satisfies(f -> assertThat(f.text().strip()).isEqualTo("Another forbidden phrase."));
  }

  @Test
  void onlyThePartsNotYetSentAreSentAgain() {
    // Two messages' worth; only the second holds the character Discord refuses.
    String first = sentences("first", 25);
    String second = sentences("second", 25) + "\u0000 The end.";
    discord.refuseContent(text -> text.indexOf('\u0000') >= 0);
    bed.aiml.script(JobScript.completes(first + " " + second).afterPolls(1));
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "long.ogg", "audio/ogg", TestBed.uniqueAudio());

    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file));

    DiscordCall followup = discord.awaitCall(c -> c.method().equals("POST")
        && c.path().equals(i.followupPath(APPLICATION_ID)) && c.status() == 200, WAIT);
    assertThat(followup.content()).contains("of a recording. The end.").doesNotContain("\u0000");
    List<DiscordCall> edits = discord.calls("PATCH", i.originalPath(APPLICATION_ID));
    assertThat(edits).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.content()).startsWith("This is first sentence number 1");
    });
    assertThat(discord.calls("POST", i.followupPath(APPLICATION_ID)))
        .extracting(DiscordCall::status).containsExactly(400, 200);
  }

  private static String sentences(String which, int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(k -> "This is " + which + " sentence number " + k + " of a recording.")
        .collect(Collectors.joining(" "));
  }
}
