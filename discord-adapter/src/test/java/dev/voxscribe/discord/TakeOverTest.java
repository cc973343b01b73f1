package dev.voxscribe.discord;

import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.store.Instance;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Several instances on one database: a job whose instance stopped renewing its lease is resumed by
 * another one, which polls the generation the first recorded and answers; one create in all.
 */
class TakeOverTest {
  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final FakeDiscord discord = new FakeDiscord();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @AfterEach
  void close() {
    discord.close();
    aiml.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private TranscriptionStack stack(SqliteStore store) {
    return TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(1L << 20, Duration.ofMinutes(2), 4, 16),
        new CachePolicy(Duration.ofHours(1), 1000), TranscriptionStack.fastPolls(Duration.ofSeconds(30)), store);
  }

  private DiscordPlatform platform(TranscriptionStack stack, SqliteStore store) throws Exception {
    DiscordConfig config = new DiscordConfig(Optional.of(FakeDiscord.TOKEN), URI.create(discord.restBase()),
        Optional.of(URI.create(discord.gatewayUrl())), Optional.of(FakeDiscord.GUILD_ID), List.of());
    DiscordPlatform p = new DiscordPlatform(config, stack.service(), store, Duration.ofHours(1), TestBed.WAIT,
        Deferral.ANSWER_WITHIN);
    p.start();
    return p;
  }

  /** What was logged so far; copied under the appender's lock, as other threads are logging meanwhile. */
  private List<String> lines() {
    synchronized (logs) {
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** The system clock, or ahead of it by what the test says. */
  private static final class AheadClock extends Clock {
    volatile Duration ahead = Duration.ZERO;

    @Override public java.time.Instant instant() { return Clock.systemUTC().instant().plus(ahead); }
    @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
  }

  @Test
  void aJobLeftByAStoppedInstanceIsAnsweredByAnotherOnceItsLeaseLapsedWithoutASecondCreate() throws Exception {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    aiml.script(JobScript.completes("Answered by the other instance.").afterPolls(6));
    String voice;
    try (SqliteStore storeA = SqliteStore.open(dir, new Instance("a", Duration.ofSeconds(30), Clock.systemUTC()))) {
      new AutoSettings(storeA.settings()).setChannel(GENERAL_CHANNEL_ID, true);
      TranscriptionStack stackA = stack(storeA);
      DiscordPlatform a = platform(stackA, storeA);
      voice = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER,
          discord.voiceAttachment(GENERAL_CHANNEL_ID, "OggS taken over".getBytes(StandardCharsets.ISO_8859_1), 2.0));
      Await.until("the service has a's job and is polled", () -> aiml.pollCount() >= 1);
      a.close(); // a stops mid-job and renews nothing from now on
      stackA.close();
    }
    assertThat(aiml.createCount()).isEqualTo(1);
    // b's clock: the test moves it past a's lease once b runs, so b's start finds the job still a's.
    AheadClock clockB = new AheadClock();
    try (SqliteStore storeB = SqliteStore.open(dir, new Instance("b", Duration.ofMillis(600), clockB))) {
      TranscriptionStack stackB = stack(storeB);
      DiscordPlatform b = platform(stackB, storeB);
      try {
        // b's start resumes its jobs on its keeper thread, then catches up on the same thread: once the
        // catch-up has read the channel, the start-up resume is over. Moving the clock before that let the
        // start-up resume take the job (a lapsed lease), not the take-over this test is about.
        Await.until("b's start-up resume and catch-up", () -> lines().stream()
            .anyMatch(m -> m.contains("voice messages missed")));
        assertThat(discord.repliesTo(GENERAL_CHANNEL_ID, voice)).as("a's lease is live at b's start").isEmpty();
        assertThat(lines()).as("not resumed at b's start")
            .noneSatisfy(m -> assertThat(m).startsWith("Resuming Discord job"));
        clockB.ahead = Duration.ofMinutes(1);
        String reply = Await.until("b's answer", () -> discord.repliesTo(GENERAL_CHANNEL_ID, voice), r -> !r.isEmpty())
            .get(0).path("content").asText();
        assertThat(reply).startsWith("Answered by the other instance.");
        assertThat(aiml.createCount()).as("b polled a's generation").isEqualTo(1);
        assertThat(lines())
            .anySatisfy(m -> assertThat(m).contains("was left by an instance that stopped"));
        Await.until("the job is delivered", () -> storeB.jobs().find(DiscordJobs.messageJobId(voice))
            .filter(j -> j.stage() == JobStage.DELIVERED).isPresent());
      } finally {
        b.close();
        stackB.close();
      }
    }
  }

  @Test
  void aJobTakenOverWhileItsInstanceWasPausedIsAnsweredOnceByTheInstanceThatTookItOver() throws Exception {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    aiml.script(JobScript.completes("Answered exactly once.").afterPolls(1));
    aiml.hold(true); // the job is pending until both instances poll it
    try (SqliteStore storeA = SqliteStore.open(dir, new Instance("a", Duration.ofSeconds(30), Clock.systemUTC()))) {
      new AutoSettings(storeA.settings()).setChannel(GENERAL_CHANNEL_ID, true);
      TranscriptionStack stackA = stack(storeA);
      DiscordPlatform a = platform(stackA, storeA);
      try {
        String voice = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER,
            discord.voiceAttachment(GENERAL_CHANNEL_ID, "OggS paused".getBytes(StandardCharsets.ISO_8859_1), 2.0));
        Await.until("the service has a's job and a polls it", () -> aiml.pollCount() >= 1);
        // a stays up, but b's clock is past a's lease: to b, a looks dead (as after a long GC pause or
        // SIGSTOP), and b takes its job at start. a's renewals no longer reach a job that is b's.
        AheadClock clockB = new AheadClock();
        clockB.ahead = Duration.ofMinutes(1);
        try (SqliteStore storeB = SqliteStore.open(dir, new Instance("b", Duration.ofMillis(600), clockB))) {
          TranscriptionStack stackB = stack(storeB);
          DiscordPlatform b = platform(stackB, storeB);
          try {
            Await.until("b resumed a's job", () -> lines().stream().anyMatch(m -> m.startsWith("Resuming Discord job")));
            aiml.hold(false); // a wakes up: both instances now get the transcript
            Await.until("a stood down, or answered too", () -> lines().stream()
                .anyMatch(m -> m.contains("was taken over by another instance; not answering"))
                || discord.repliesTo(GENERAL_CHANNEL_ID, voice).size() >= 2);
            Await.until("the job is delivered", () -> storeB.jobs().find(DiscordJobs.messageJobId(voice))
                .filter(j -> j.stage() == JobStage.DELIVERED).isPresent());
            assertThat(discord.repliesTo(GENERAL_CHANNEL_ID, voice)).as("one answer, b's").singleElement()
                .satisfies(r -> assertThat(r.path("content").asText()).startsWith("Answered exactly once."));
            assertThat(aiml.createCount()).isEqualTo(1);
          } finally {
            b.close();
            stackB.close();
          }
        }
      } finally {
        a.close();
        stackA.close();
      }
    }
  }
}
