package dev.voxscribe.discord;

import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GUILD_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStore;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's job left in the store by the run before (its record written as that run wrote it):
 * answered through the interaction while its 15-minute token lives, else in the channel.
 */
class ResumedCommandTest {
  @TempDir Path dir;
  final FakeAimlApi aiml = new FakeAimlApi();
  final FakeDiscord discord = new FakeDiscord();
  TranscriptionStack stack;
  SqliteStore store;
  DiscordPlatform platform;

  @BeforeEach
  void stand() {
    aiml.script(JobScript.completes("Answered after the restart.").afterPolls(1));
    stack = TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(1L << 20, Duration.ofMinutes(2), 4, 16),
        new CachePolicy(Duration.ofHours(1), 1000), TranscriptionStack.fastPolls(Duration.ofSeconds(10)));
    store = SqliteStore.open(dir);
  }

  @AfterEach
  void close() {
    if (platform != null) platform.close();
    discord.close();
    stack.close();
    aiml.close();
    store.close();
  }

  private void connect() throws Exception {
    DiscordConfig config = new DiscordConfig(Optional.of(FakeDiscord.TOKEN), URI.create(discord.restBase()),
        Optional.of(URI.create(discord.gatewayUrl())), Optional.of(GUILD_ID), List.of());
    platform = new DiscordPlatform(config, stack.service(), store, Duration.ofHours(1), TestBed.WAIT,
        Deferral.ANSWER_WITHIN);
    platform.start();
  }

  /** A {@code /transcribe} of {@code file} deferred {@code ago}, as the run before recorded it. */
  private void keptCommand(String interactionId, String token, FakeAttachment file, Duration ago) {
    kept(DiscordJobs.Kind.COMMAND, interactionId, token, file, Optional.empty(), ago);
  }

  private void kept(DiscordJobs.Kind kind, String interactionId, String token, FakeAttachment file,
      Optional<String> messageId, Duration ago) {
    AttachmentRef ref = new AttachmentRef(file.id(), file.url(), file.filename(), Optional.of(file.contentType()),
        file.size(), Optional.empty());
    Instant created = Instant.now().minus(ago);
    JobRecord job = DiscordJobs.interaction(kind, interactionId, token, created, GENERAL_CHANNEL_ID, messageId,
        Requester.inGroup("discord", MEMBER.id(), GUILD_ID), List.of(ref), Optional.empty(), false, Locale.ENGLISH,
        created);
    assertThat(store.jobs().save(job)).isEqualTo(JobStore.Saved.SAVED);
  }

  @Test
  void aCommandWhoseTokenExpiredWhileTheBotWasDownIsAnsweredInTheChannel() throws Exception {
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", new byte[] {'O', 'g', 'g', 'S', 9, 1});
    keptCommand("1200000000000009001", "expired-token", file, Duration.ofMinutes(20));

    connect();

    DiscordCall posted = discord.awaitCall(
        c -> c.method().equals("POST") && c.path().equals("channels/" + GENERAL_CHANNEL_ID + "/messages"), TestBed.WAIT);
    assertThat(posted.content()).startsWith("Answered after the restart.");
    assertThat(discord.calls("PATCH", "webhooks/" + APPLICATION_ID + "/expired-token")).as("no call on a dead token")
        .isEmpty();
    assertThat(discord.calls("POST", "webhooks/" + APPLICATION_ID + "/expired-token")).isEmpty();
    assertThat(aiml.createCount()).isEqualTo(1);
  }

  @Test
  void aCommandWhoseTokenStillLivesHasItsOriginalResponseEdited() throws Exception {
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", new byte[] {'O', 'g', 'g', 'S', 9, 2});
    keptCommand("1200000000000009002", "live-token", file, Duration.ofMinutes(2));

    connect();

    DiscordCall edit = discord.awaitCall(
        c -> c.method().equals("PATCH") && c.path().equals("webhooks/" + APPLICATION_ID + "/live-token/messages/@original"),
        TestBed.WAIT);
    assertThat(edit.content()).startsWith("Answered after the restart.");
    assertThat(discord.calls("POST", "channels/" + GENERAL_CHANNEL_ID + "/messages")).isEmpty();
  }

  @Test
  void aTranscribeMenuUseWhoseTokenExpiredIsAnsweredAsAReplyToTheMessage() throws Exception {
    FakeAttachment voice = discord.voiceAttachment(GENERAL_CHANNEL_ID, new byte[] {'O', 'g', 'g', 'S', 9, 3}, 2.0);
    String message = discord.storeVoiceMessage(GENERAL_CHANNEL_ID, MEMBER, voice, Duration.ofMinutes(30));
    kept(DiscordJobs.Kind.MENU, "1200000000000009003", "menu-token", voice, Optional.of(message), Duration.ofMinutes(25));

    connect();

    List<com.fasterxml.jackson.databind.JsonNode> replies = dev.voxscribe.testing.Await.until("the reply to the message",
        () -> discord.repliesTo(GENERAL_CHANNEL_ID, message), r -> !r.isEmpty());
    assertThat(replies).singleElement().satisfies(r -> assertThat(r.path("content").asText())
        .startsWith("Answered after the restart."));
    assertThat(discord.calls("POST", "webhooks/" + APPLICATION_ID + "/menu-token")).isEmpty();
  }
}
