package dev.voxscribe.discord;

import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.MODERATOR;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted attachments and transcripts against the real adapter on real JDA: URLs that point off
 * Discord's CDN are never fetched, redirects are not followed, and what the bot says carries no
 * mention, no embed and no markdown that was not its own.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileInputTest {
  static final Duration WAIT = TestBed.WAIT;
  static final String COULD_NOT_FETCH = Messages.ENGLISH.failure(FailureKind.DOWNLOAD_FAILED,
      new TranscriptionLimits(TestBed.MAX_BYTES, TestBed.MAX_AUDIO, 4, 16));
  static final String HOSTILE = "@everyone look at https://evil.example/x and [free nitro](https://evil.example)\n"
      + "# Big news\n-# tiny print\n> quoted\n- item\n1. first\n`code` ||spoiler|| **bold** __under__ ~~gone~~ "
      + "<@123456789012345678> <#456> <@&789> </cmd:1> <t:0:R> <:pepe:123> @here";

  @TempDir Path dir;
  FakeDiscord listed;
  FakeDiscord elsewhere;
  TestBed bed;

  @BeforeEach
  void start() throws Exception {
    listed = new FakeDiscord();
    elsewhere = new FakeDiscord();
    HttpUrl l = HttpUrl.get(listed.restBase());
    bed = new TestBed(dir, List.of(l.host() + ":" + l.port()));
  }

  @AfterEach
  void stop() {
    bed.close();
    listed.close();
    elsewhere.close();
  }

  /** The final text of a /transcribe interaction, whichever way it was answered. */
  private String answer(FakeInteraction i) {
    DiscordCall last = bed.discord.awaitCall(c -> c.path().contains("/" + i.token())
        && (c.matches("PATCH", i.originalPath(APPLICATION_ID)) || c.matches("POST", i.followupPath(APPLICATION_ID))
            || (c.path().equals(i.callbackPath()) && c.json().path("type").asInt() == 4)), WAIT);
    return last.path().equals(i.callbackPath()) ? last.json().path("data").path("content").asText() : last.content();
  }

  private String transcribe(FakeAttachment a) {
    return answer(bed.discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", a)));
  }

  private static FakeAttachment at(FakeAttachment a, String url) {
    return new FakeAttachment(a.id(), a.filename(), a.contentType(), a.size(), url, OptionalDouble.empty());
  }

  @Test
  void attachmentsOffTheAllowedHostsAreNeverFetched() {
    FakeAttachment foreign = elsewhere.upload(GENERAL_CHANNEL_ID, "evil.ogg", "audio/ogg", TestBed.uniqueAudio());
    assertThat(transcribe(foreign)).contains(COULD_NOT_FETCH);

    // The stand-in's own CDN under another name for the same address: still not the configured host.
    FakeAttachment own = bed.discord.upload(GENERAL_CHANNEL_ID, "alias.ogg", "audio/ogg", TestBed.uniqueAudio());
    HttpUrl url = HttpUrl.get(own.url());
    String alias = url.newBuilder().host(url.host().equals("localhost") ? "127.0.0.1" : "localhost").build().toString();
    assertThat(transcribe(at(own, alias))).contains(COULD_NOT_FETCH);
    assertThat(transcribe(at(own, url.newBuilder().username("u").password("p").build().toString())))
        .contains(COULD_NOT_FETCH);

    assertThat(elsewhere.calls()).as("the foreign host was never contacted").isEmpty();
    assertThat(bed.discord.calls("GET", "attachments/")).isEmpty();
    assertThat(bed.aiml.createCount()).isZero();
  }

  @Test
  void aHostInDiscordCdnHostsIsAllowedButItsRedirectsAreNotFollowed() {
    FakeAttachment ok = listed.upload(GENERAL_CHANNEL_ID, "listed.ogg", "audio/ogg", TestBed.uniqueAudio());
    assertThat(transcribe(ok)).startsWith("Hello there.");
    assertThat(listed.calls("GET", "attachments/")).hasSize(1);

    FakeAttachment moved = bed.discord.upload(GENERAL_CHANNEL_ID, "moved.ogg", "audio/ogg", TestBed.uniqueAudio());
    FakeAttachment target = elsewhere.upload(GENERAL_CHANNEL_ID, "moved.ogg", "audio/ogg", TestBed.uniqueAudio());
    bed.discord.redirectAttachment(moved, target.url());
    assertThat(transcribe(moved)).contains(COULD_NOT_FETCH);
    assertThat(bed.discord.calls("GET", "attachments/")).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(302));
    assertThat(elsewhere.calls()).isEmpty();
    assertThat(bed.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void transcriptsAndFileNamesReadAsSaidWithoutMentionsEmbedsOrMarkdown() {
    bed.aiml.script(JobScript.completes(HOSTILE).afterPolls(1));
    FakeAttachment a = bed.discord.upload(GENERAL_CHANNEL_ID, "[click](https://evil.example).ogg", "audio/ogg",
        TestBed.uniqueAudio());
    FakeAttachment b = bed.discord.upload(GENERAL_CHANNEL_ID, "@everyone_*x*.mp3", "audio/mpeg", TestBed.uniqueAudio());
    String message = bed.discord.storeMessage(GENERAL_CHANNEL_ID, MODERATOR, "", 0, a, b);

    String menu = answer(bed.discord.messageCommand(GENERAL_CHANNEL_ID, MEMBER, "Transcribe", message));
    String voice = bed.discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER,
        bed.discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 2.0));
    String dm = bed.discord.awaitCall(c -> c.matches("POST", "channels/" + DM_CHANNEL_ID + "/messages")
        && c.replyTo().equals(java.util.Optional.of(voice)), WAIT).content();

    FakeAttachment pdf = bed.discord.upload(GENERAL_CHANNEL_ID, "# [x](https://e.vil) @here.pdf", "application/pdf",
        new byte[] {1});
    String refusal = transcribe(pdf);
    assertThat(refusal).startsWith("**\\# \\[x\\](https\\://e.vil) \\@here.pdf** isn't an audio or video file");

    assertThat(menu).contains("**\\[click\\](https\\://evil.example).ogg**\n")
        .contains("**\\@everyone\\_\\*x\\*.mp3**\n");
    for (String text : List.of(menu, dm)) {
      assertThat(text).contains(DiscordText.escape(HOSTILE)).doesNotContain("https://");
      // Without the bot's own markup (bold labels, the "-# " details line), no markup is left unescaped.
      String theirs = text.replaceAll("(?m)^-# .*$", "").replaceAll("(?m)^\\*\\*(.*)\\*\\*$", "$1");
      assertThat(theirs).doesNotContainPattern("(?<!\\\\)[@<\\[*_~|`]").doesNotContainPattern("(?m)^[#>-]");
    }

    // Every message the bot sent or edited: no mention parsed, embeds suppressed (flag 1 << 2).
    List<DiscordCall> sent = bed.discord.calls().stream()
        .filter(c -> c.path().startsWith("interactions/") || c.path().startsWith("webhooks/")
            || (c.method().equals("POST") && c.path().matches("channels/\\d+/messages")))
        .filter(c -> !c.method().equals("DELETE"))
        // "is thinking…" has no content; its message gets the flag with its content, when edited.
        .filter(c -> !(c.path().startsWith("interactions/") && c.json().path("type").asInt() == 5))
        .toList();
    assertThat(sent).hasSizeGreaterThanOrEqualTo(3).allSatisfy(c -> {
      var body = c.path().startsWith("interactions/") ? c.json().path("data") : c.json();
      assertThat(body.path("flags").asInt(0) & 4).as("SUPPRESS_EMBEDS on %s %s", c.method(), c.path()).isEqualTo(4);
      if (body.has("content")) {
        assertThat(body.path("allowed_mentions").path("parse")).as("allowed_mentions of %s", c.path()).isEmpty();
      }
    });
  }
}
