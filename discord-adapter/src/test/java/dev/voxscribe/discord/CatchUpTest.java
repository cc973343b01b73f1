package dev.voxscribe.discord;

import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.RANDOM_CHANNEL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.TranscriptionOptions;
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
 * auto-transcription is left alone.
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

  private List<String> logLines() {
    synchronized (logs) { // the appender adds under its own lock while other threads log
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
