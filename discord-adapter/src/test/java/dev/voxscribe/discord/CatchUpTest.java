package dev.voxscribe.discord;

import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.RANDOM_CHANNEL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.FakeDiscord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Discord redelivers nothing a bot missed: after a (re)connect the bot reads the history of every
 * channel with auto-transcription on and answers the voice messages posted while it was away (at
 * most VOXSCRIBE_CATCH_UP back, none the bot already replied to); a channel without
 * auto-transcription is left alone. So are the direct messages a voice message was seen in, reopened
 * by their user's id after a restart, unless their last voice message is older than the window.
 */
class CatchUpTest {
  @TempDir Path dir;
  final FakeAimlApi aiml = new FakeAimlApi();
  final FakeDiscord discord = new FakeDiscord();
  TranscriptionStack stack;
  SqliteStore store;
  DiscordPlatform platform;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void stand() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    aiml.script(upload -> JobScript.completes("Heard: " + new String(upload.audio().orElseThrow(),
        StandardCharsets.ISO_8859_1).substring(4)).afterPolls(1));
    stack = TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(1L << 20, Duration.ofMinutes(2), 4, 16),
        new CachePolicy(Duration.ofHours(1), 1000), TranscriptionStack.fastPolls(Duration.ofSeconds(10)));
    store = SqliteStore.open(dir);
    // #general transcribes voice messages on arrival; #random does not.
    new AutoSettings(store.settings()).setChannel(GENERAL_CHANNEL_ID, true);
  }

  @AfterEach
  void close() {
    if (platform != null) platform.close();
    discord.close();
    stack.close();
    aiml.close();
    store.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private void connect(Duration catchUp) throws Exception {
    DiscordConfig config = new DiscordConfig(Optional.of(FakeDiscord.TOKEN), URI.create(discord.restBase()),
        Optional.of(URI.create(discord.gatewayUrl())), Optional.of(FakeDiscord.GUILD_ID), List.of());
    platform = new DiscordPlatform(config, stack.service(), store, catchUp, TestBed.WAIT, Deferral.ANSWER_WITHIN);
    platform.start();
  }

  private static byte[] audio(String words) {
    return ("OggS" + words).getBytes(StandardCharsets.ISO_8859_1);
  }

  private String postedWhileAway(String channel, String words, Duration ago) {
    return discord.storeVoiceMessage(channel, MEMBER, discord.voiceAttachment(channel, audio(words), 2.0), ago);
  }

  private String answerTo(String channel, String messageId) {
    return Await.until("the bot's reply to " + messageId, () -> discord.repliesTo(channel, messageId), r -> !r.isEmpty())
        .get(0).path("content").asText();
  }

  @Test
  void voiceMessagesPostedWhileTheBotWasDownAreAnsweredInAutoChannelsOnly() throws Exception {
    String missed = postedWhileAway(GENERAL_CHANNEL_ID, "missed while down", Duration.ofMinutes(20));
    String later = postedWhileAway(GENERAL_CHANNEL_ID, "and another", Duration.ofMinutes(5));
    String tooOld = postedWhileAway(GENERAL_CHANNEL_ID, "two hours ago", Duration.ofHours(2));
    String answered = postedWhileAway(GENERAL_CHANNEL_ID, "answered before the crash", Duration.ofMinutes(10));
    discord.storeBotReply(GENERAL_CHANNEL_ID, answered, "Heard: answered before the crash");
    String elsewhere = postedWhileAway(RANDOM_CHANNEL_ID, "auto is off here", Duration.ofMinutes(3));

    connect(Duration.ofHours(1));

    assertThat(answerTo(GENERAL_CHANNEL_ID, missed)).startsWith("Heard: missed while down");
    assertThat(answerTo(GENERAL_CHANNEL_ID, later)).startsWith("Heard: and another");
    Await.until("the catch-up to finish", () -> String.join("\n", logLines()).contains("voice messages missed"));
    assertThat(aiml.createCount()).as("creates: the two missed messages only").isEqualTo(2);
    assertThat(discord.repliesTo(GENERAL_CHANNEL_ID, tooOld)).as("older than VOXSCRIBE_CATCH_UP").isEmpty();
    assertThat(discord.repliesTo(GENERAL_CHANNEL_ID, answered)).as("already answered").hasSize(1);
    assertThat(discord.repliesTo(RANDOM_CHANNEL_ID, elsewhere)).as("auto-transcription off").isEmpty();
    assertThat(discord.calls("GET", "channels/" + RANDOM_CHANNEL_ID + "/messages")).isEmpty();
    assertThat(discord.calls("GET", "channels/" + GENERAL_CHANNEL_ID + "/messages"))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
  }

  @Test
  void afterAReconnectOnlyWhatCameSinceTheLastVoiceMessageSeenIsAnswered() throws Exception {
    connect(Duration.ofHours(1));
    String live = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER,
        discord.voiceAttachment(GENERAL_CHANNEL_ID, audio("heard live"), 2.0));
    assertThat(answerTo(GENERAL_CHANNEL_ID, live)).startsWith("Heard: heard live");
    int reads = discord.historyReads();

    // Posted where the bot does not see it (never dispatched); then the session drops, and Discord
    // refuses to resume it, so nothing missed is replayed.
    String missed = postedWhileAway(GENERAL_CHANNEL_ID, "during the reconnect", Duration.ZERO);
    discord.closeGateway(4000, "Unknown error");

    assertThat(answerTo(GENERAL_CHANNEL_ID, missed)).startsWith("Heard: during the reconnect");
    assertThat(discord.historyReads()).isGreaterThan(reads);
    assertThat(discord.repliesTo(GENERAL_CHANNEL_ID, live)).as("the live one, once").hasSize(1);
    assertThat(aiml.createCount()).isEqualTo(2);
    // The read started after the last voice message seen, not an hour back.
    assertThat(discord.calls("GET", "channels/" + GENERAL_CHANNEL_ID + "/messages"))
        .last().satisfies(c -> assertThat(c.query()).containsEntry("after", live));
  }

  @Test
  void withCatchUpOffNothingMissedIsAnswered() throws Exception {
    String missed = postedWhileAway(GENERAL_CHANNEL_ID, "not caught up", Duration.ofMinutes(1));
    connect(Duration.ZERO);
    String live = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER,
        discord.voiceAttachment(GENERAL_CHANNEL_ID, audio("still live"), 2.0));
    assertThat(answerTo(GENERAL_CHANNEL_ID, live)).startsWith("Heard: still live");
    assertThat(discord.repliesTo(GENERAL_CHANNEL_ID, missed)).isEmpty();
    assertThat(discord.historyReads()).isZero();
  }

  @Test
  void aDirectMessageVoiceMessageSentWhileTheBotWasRestartingIsAnsweredOnce() throws Exception {
    connect(Duration.ofHours(1));
    String live = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER,
        discord.voiceAttachment(DM_CHANNEL_ID, audio("heard live in a DM"), 2.0));
    assertThat(answerTo(DM_CHANNEL_ID, live)).startsWith("Heard: heard live in a DM");
    // Stopped once the answer is recorded: a job stopped while delivering is resumed at the next start.
    Await.until("the live one's job to be delivered", () -> store.jobs().find(DiscordJobs.messageJobId(live))
        .filter(j -> j.stage() == JobStage.DELIVERED).isPresent());

    platform.close();
    platform = null;
    String missed = postedWhileAway(DM_CHANNEL_ID, "sent while the bot restarted", Duration.ZERO);
    connect(Duration.ofHours(1));

    assertThat(answerTo(DM_CHANNEL_ID, missed)).startsWith("Heard: sent while the bot restarted");
    Await.until("the catch-up of the DM to finish",
        () -> String.join("\n", logLines()).contains("Catch-up in channel " + DM_CHANNEL_ID + ":"));
    assertThat(discord.repliesTo(DM_CHANNEL_ID, missed)).as("the missed one, once").hasSize(1);
    assertThat(discord.repliesTo(DM_CHANNEL_ID, live)).as("the live one, not again").hasSize(1);
    assertThat(aiml.createCount()).isEqualTo(2);
    // The new session knew no DM: it fetched the user, opened the DM with them, and read it from the
    // last voice message seen on.
    assertThat(discord.calls("GET", "users/" + MEMBER.id())).isNotEmpty();
    assertThat(discord.calls("POST", "users/@me/channels"))
        .anySatisfy(c -> assertThat(c.json().path("recipient_id").asText()).isEqualTo(MEMBER.id()));
    assertThat(discord.calls("GET", "channels/" + DM_CHANNEL_ID + "/messages"))
        .singleElement().satisfies(c -> assertThat(c.query()).containsEntry("after", live));
  }

  @Test
  void aDirectMessageQuietForLongerThanTheWindowIsNotOpenedAndAGoneUserIsSkipped() throws Exception {
    String old = postedWhileAway(DM_CHANNEL_ID, "three hours ago", Duration.ofHours(3));
    AutoSettings settings = new AutoSettings(store.settings());
    settings.sawDmVoice(MEMBER.id(), Long.parseUnsignedLong(old));
    // A user who has since deleted their account: Discord no longer knows them.
    String gone = "1200000000000000099";
    settings.sawDmVoice(gone, Long.parseUnsignedLong(discord.snowflake()));

    connect(Duration.ofHours(1));

    String skipped = Await.until("the gone user's DM to be skipped", () -> logLines().stream()
        .filter(l -> l.startsWith("Catch-up skips the direct message with user " + gone)).toList(), l -> !l.isEmpty())
        .get(0);
    assertThat(skipped).contains("10013");
    // Users are fetched in turn (one route): the quiet DM would have been asked for before the gone one.
    assertThat(discord.calls("GET", "users/" + gone)).hasSize(1);
    assertThat(discord.calls("GET", "users/" + MEMBER.id())).as("quiet for longer than the window").isEmpty();
    assertThat(discord.calls("POST", "users/@me/channels")).isEmpty();
    assertThat(discord.calls("GET", "channels/" + DM_CHANNEL_ID + "/messages")).isEmpty();
    assertThat(discord.repliesTo(DM_CHANNEL_ID, old)).isEmpty();
    assertThat(logLines().stream().filter(l -> l.contains("user " + gone))).hasSize(1);
  }

  private List<String> logLines() {
    synchronized (logs) { // the appender adds under its own lock while other threads log
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
