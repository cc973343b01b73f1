package dev.voxscribe.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.config.DiscordConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.settings.SqliteSettingsStore;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.store.UsageStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DISCORD_SHARDS} and {@code DISCORD_SHARD_IDS}: two instances, shards 0 and 1 of 2, on one
 * Discord stand-in that routes a server's events to its shard and direct messages to shard 0.
 */
class ShardsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  /** One instance: its own speech service (scripted to say which shard it is) and its shards. */
  private static final class Instance implements AutoCloseable {
    final FakeAimlApi aiml = new FakeAimlApi();
    final TranscriptionStack stack;
    final DiscordPlatform platform;

    Instance(FakeDiscord discord, SqliteSettingsStore settings, String says, Optional<Integer> shards,
        List<Integer> shardIds, Optional<String> devGuild) throws Exception {
      aiml.script(JobScript.completes(says).afterPolls(1));
      stack = TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
          TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(1L << 20, Duration.ofMinutes(2), 4, 16),
          new CachePolicy(Duration.ofHours(1), 1000), TranscriptionStack.fastPolls(Duration.ofSeconds(10)),
          SpendPolicy.UNLIMITED, UsageStore.inMemory(), Clock.systemUTC());
      DiscordConfig config = new DiscordConfig(Optional.of(FakeDiscord.TOKEN), URI.create(discord.restBase()),
          Optional.of(URI.create(discord.gatewayUrl())), devGuild, List.of(), shards, shardIds);
      platform = new DiscordPlatform(config, stack.service(), settings, WAIT, Deferral.ANSWER_WITHIN);
      platform.start();
    }

    @Override
    public void close() {
      platform.close();
      stack.close();
      aiml.close();
    }
  }

  @Test
  void twoInstancesOnShardsZeroAndOneEachAnswerTheirOwnServersAndOneRegistersTheCommands() throws Exception {
    try (FakeDiscord discord = new FakeDiscord(); SqliteSettingsStore settings = SqliteSettingsStore.open(dir)) {
      // The choice is shared, as it is in one database: auto-transcription on in both servers' channels.
      new AutoSettings(settings).setChannel(FakeDiscord.GENERAL_CHANNEL_ID, true);
      new AutoSettings(settings).setChannel(FakeDiscord.SECOND_CHANNEL_ID, true);
      assertThat(FakeDiscord.shardOf(FakeDiscord.GUILD_ID, 2)).isEqualTo(1);
      assertThat(FakeDiscord.shardOf(FakeDiscord.SECOND_GUILD_ID, 2)).isEqualTo(0);
      try (Instance zero = new Instance(discord, settings, "Shard zero speaking.", Optional.of(2), List.of(0),
              Optional.of(FakeDiscord.GUILD_ID));
          Instance one = new Instance(discord, settings, "Shard one speaking.", Optional.of(2), List.of(1),
              Optional.of(FakeDiscord.GUILD_ID))) {
        Await.until("both instances connected", () -> zero.platform.health().isUp() && one.platform.health().isUp());
        assertThat(discord.identifiedShards()).containsExactlyInAnyOrder(List.of(0, 2), List.of(1, 2));
        assertThat(zero.platform.health().description()).isEqualTo("gateway connected (shards 0 of 2)");
        assertThat(one.platform.health().description()).isEqualTo("gateway connected (shards 1 of 2)");

        FakeAttachment inFirst = discord.voiceAttachment(FakeDiscord.GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 2.0);
        String first = discord.sendVoiceMessage(FakeDiscord.GENERAL_CHANNEL_ID, FakeDiscord.MEMBER, inFirst);
        DiscordCall firstReply = discord.awaitCall(c -> c.matches("POST", "channels/" + FakeDiscord.GENERAL_CHANNEL_ID
            + "/messages") && c.replyTo().equals(Optional.of(first)), WAIT);
        assertThat(firstReply.content()).startsWith("Shard one speaking.");

        FakeAttachment inSecond = discord.voiceAttachment(FakeDiscord.SECOND_CHANNEL_ID, TestBed.uniqueAudio(), 2.0);
        String second = discord.sendVoiceMessage(FakeDiscord.SECOND_CHANNEL_ID, FakeDiscord.MEMBER, inSecond);
        DiscordCall secondReply = discord.awaitCall(c -> c.matches("POST", "channels/" + FakeDiscord.SECOND_CHANNEL_ID
            + "/messages") && c.replyTo().equals(Optional.of(second)), WAIT);
        assertThat(secondReply.content()).startsWith("Shard zero speaking.");

        FakeAttachment direct = discord.voiceAttachment(FakeDiscord.DM_CHANNEL_ID, TestBed.uniqueAudio(), 2.0);
        String dm = discord.sendVoiceMessage(FakeDiscord.DM_CHANNEL_ID, FakeDiscord.MEMBER, direct);
        DiscordCall dmReply = discord.awaitCall(c -> c.matches("POST", "channels/" + FakeDiscord.DM_CHANNEL_ID
            + "/messages") && c.replyTo().equals(Optional.of(dm)), WAIT);
        assertThat(dmReply.content()).as("direct messages come on shard 0").startsWith("Shard zero speaking.");

        assertThat(zero.aiml.createCount()).isEqualTo(2);
        assertThat(one.aiml.createCount()).isEqualTo(1);
        // Global commands from the instance with shard 0 only; the dev server's from the one with its shard.
        List<DiscordCall> puts = discord.calls("PUT", "applications/");
        assertThat(puts).filteredOn(c -> c.path().endsWith("/commands") && !c.path().contains("/guilds/")).hasSize(1);
        assertThat(puts).filteredOn(c -> c.path().contains("/guilds/" + FakeDiscord.GUILD_ID + "/")).hasSize(1);
        assertThat(discord.globalCommands()).containsKeys("transcribe", "autotranscribe");
      }
    }
  }

  @Test
  void directMessagesMissedWhileAwayAreReadBackByTheInstanceWithShardZeroOnly() throws Exception {
    try (FakeDiscord discord = new FakeDiscord(); SqliteSettingsStore settings = SqliteSettingsStore.open(dir)) {
      String dmId = FakeDiscord.DM_CHANNEL_ID;
      String seen = discord.storeVoiceMessage(dmId, FakeDiscord.MEMBER,
          discord.voiceAttachment(dmId, TestBed.uniqueAudio(), 2.0), Duration.ofMinutes(10));
      String missed = discord.storeVoiceMessage(dmId, FakeDiscord.MEMBER,
          discord.voiceAttachment(dmId, TestBed.uniqueAudio(), 2.0), Duration.ofMinutes(5));
      // Answered before the restart: the DM is remembered, shared as it is in one database.
      discord.storeBotReply(dmId, seen, "Heard before the restart.");
      new AutoSettings(settings).sawDmVoice(FakeDiscord.MEMBER.id(), Long.parseUnsignedLong(seen));
      try (Instance one = new Instance(discord, settings, "Shard one speaking.", Optional.of(2), List.of(1),
          Optional.empty())) {
        Await.until("shard 1 connected", () -> one.platform.health().isUp());
        try (Instance zero = new Instance(discord, settings, "Shard zero speaking.", Optional.of(2), List.of(0),
            Optional.empty())) {
          DiscordCall reply = discord.awaitCall(c -> c.matches("POST", "channels/" + dmId + "/messages")
              && c.replyTo().equals(Optional.of(missed)), WAIT);
          assertThat(reply.content()).as("direct messages belong to shard 0").startsWith("Shard zero speaking.");
          assertThat(one.aiml.createCount()).isZero();
          assertThat(discord.calls("GET", "users/" + FakeDiscord.MEMBER.id())).as("the DM opened once").hasSize(1);
        }
      }
    }
  }

  @Test
  void unsetTheInstanceRunsEveryShardDiscordRecommends() throws Exception {
    try (FakeDiscord discord = new FakeDiscord(); SqliteSettingsStore settings = SqliteSettingsStore.open(dir)) {
      discord.requireShards(2);
      new AutoSettings(settings).setChannel(FakeDiscord.GENERAL_CHANNEL_ID, true);
      try (Instance all = new Instance(discord, settings, "Every shard here.", Optional.empty(), List.of(),
          Optional.empty())) {
        Await.until("both shards connected", () -> all.platform.health().isUp());
        assertThat(all.platform.health().description()).isEqualTo("gateway connected (shards 0, 1 of 2)");
        assertThat(discord.identifiedShards()).containsExactlyInAnyOrder(List.of(0, 2), List.of(1, 2));
        FakeAttachment voice = discord.voiceAttachment(FakeDiscord.GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 2.0);
        String id = discord.sendVoiceMessage(FakeDiscord.GENERAL_CHANNEL_ID, FakeDiscord.MEMBER, voice);
        assertThat(discord.awaitCall(c -> c.matches("POST", "channels/" + FakeDiscord.GENERAL_CHANNEL_ID + "/messages")
            && c.replyTo().equals(Optional.of(id)), WAIT).content()).startsWith("Every shard here.");
      }
    }
  }

  @Test
  void tooFewShardsForDiscordStopTheStartNamingTheSetting() throws Exception {
    try (FakeDiscord discord = new FakeDiscord(); SqliteSettingsStore settings = SqliteSettingsStore.open(dir)) {
      discord.requireShards(2);
      assertThatThrownBy(() -> new Instance(discord, settings, "never", Optional.of(1), List.of(), Optional.empty()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("4011").hasMessageContaining("DISCORD_SHARDS");
      assertThat(discord.identifiedShards()).containsExactly(List.of(0, 1));
    }
  }
}
