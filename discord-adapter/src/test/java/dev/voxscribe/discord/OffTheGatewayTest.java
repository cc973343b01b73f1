package dev.voxscribe.discord;

import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GUILD_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.settings.SettingsStore;
import dev.voxscribe.core.store.ExtrasStore;
import dev.voxscribe.core.store.GenerationStore;
import dev.voxscribe.core.store.Inbox;
import dev.voxscribe.core.store.Instance;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStore;
import dev.voxscribe.core.store.Leadership;
import dev.voxscribe.core.store.SnapshotStore;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.store.TranscriptStore;
import dev.voxscribe.core.store.UndecodableUpdates;
import dev.voxscribe.core.store.UsageStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import dev.voxscribe.testing.discord.SlashOption;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: the store's I/O stays off JDA's gateway thread. The real SQLite store, with the name of
 * every thread that reads or writes a job noted on the way in.
 */
class OffTheGatewayTest {
  @TempDir Path dir;
  final FakeAimlApi aiml = new FakeAimlApi();
  final FakeDiscord discord = new FakeDiscord();
  final Set<String> jobThreads = ConcurrentHashMap.newKeySet();
  TranscriptionStack stack;
  SqliteStore sqlite;
  DiscordPlatform platform;

  @BeforeEach
  void stand() throws Exception {
    aiml.script(JobScript.completes("Kept off the gateway.").afterPolls(1));
    stack = TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(1L << 20, Duration.ofMinutes(2), 4, 16),
        new CachePolicy(Duration.ofHours(1), 1000), TranscriptionStack.fastPolls(Duration.ofSeconds(10)));
    sqlite = SqliteStore.open(dir);
    DiscordConfig config = new DiscordConfig(Optional.of(FakeDiscord.TOKEN), URI.create(discord.restBase()),
        Optional.of(URI.create(discord.gatewayUrl())), Optional.of(GUILD_ID), List.of());
    platform = new DiscordPlatform(config, stack.service(), new Noted(sqlite), Duration.ofHours(1), TestBed.WAIT,
        Deferral.ANSWER_WITHIN);
    platform.start();
  }

  @AfterEach
  void close() {
    if (platform != null) platform.close();
    discord.close();
    stack.close();
    aiml.close();
    sqlite.close();
  }

  @Test
  void jobsAreReadAndWrittenOnTheKeepersThreadNeverOnTheGateway() {
    FakeAttachment voice = discord.voiceAttachment(DM_CHANNEL_ID, new byte[] {'O', 'g', 'g', 'S', 7, 1}, 2.0);
    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, voice);
    discord.awaitCall(c -> c.method().equals("POST") && c.path().equals("channels/" + DM_CHANNEL_ID + "/messages"),
        TestBed.WAIT);
    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", new byte[] {'O', 'g', 'g', 'S', 7, 2});
    FakeInteraction i = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", SlashOption.attachment("file", file));
    discord.awaitCall(c -> c.matches("PATCH", i.originalPath(APPLICATION_ID)), TestBed.WAIT);

    assertThat(jobThreads).as("jobs were kept").isNotEmpty();
    assertThat(jobThreads).as("threads that read or wrote a job").noneMatch(name -> name.contains("MainWS"))
        .noneMatch(name -> name.startsWith("JDA"));
  }

  /** The real store; each job read or write notes the thread it came on. */
  private final class Noted implements Store {
    private final Store real;
    private final JobStore jobs;

    Noted(Store real) {
      this.real = real;
      JobStore inner = real.jobs();
      this.jobs = new JobStore() {
        @Override public Saved save(JobRecord job) { note(); return inner.save(job); }
        @Override public Optional<JobRecord> find(String id) { note(); return inner.find(id); }
        @Override public List<JobRecord> unfinished(String platform) { note(); return inner.unfinished(platform); }
        @Override public List<JobRecord> takeOver(String platform) { note(); return inner.takeOver(platform); }
        @Override public int renew() { return inner.renew(); }
        @Override public int purge(Instant before) { return inner.purge(before); }
      };
    }

    private void note() {
      jobThreads.add(Thread.currentThread().getName());
    }

    @Override public SettingsStore settings() { return real.settings(); }
    @Override public Inbox inbox() { return real.inbox(); }
    @Override public JobStore jobs() { return jobs; }
    @Override public GenerationStore generations() { return real.generations(); }
    @Override public TranscriptStore transcripts() { return real.transcripts(); }
    @Override public SnapshotStore snapshots() { return real.snapshots(); }
    @Override public UndecodableUpdates undecodable() { return real.undecodable(); }
    @Override public ExtrasStore extras() { return real.extras(); }
    @Override public UsageStore usage() { return real.usage(); }
    @Override public Leadership leadership(Duration lease) { return real.leadership(lease); }
    @Override public Instance instance() { return real.instance(); }
    @Override public String location() { return real.location(); }
    @Override public void close() { real.close(); }
  }
}
