package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static dev.voxscribe.testing.discord.FakeDiscord.MODERATOR;
import static dev.voxscribe.testing.discord.SlashOption.attachment;
import static dev.voxscribe.testing.discord.SlashOption.subcommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.spend.Access;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quotas, lists, budget, /usage and /stats, end to end through JDA. */
class SpendUnderControlTest {
  /** 20:48 UTC: daily limits reset in 3 h 12 min. */
  static final Clock EVENING = Clock.fixed(Instant.parse("2026-12-01T20:48:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  TestBed bed;
  FakeDiscord discord;

  private void start(SpendPolicy policy) throws Exception {
    bed = new TestBed(dir, policy, EVENING);
    discord = bed.discord;
    bed.aiml.script(JobScript.completes("Hello there.").afterPolls(1));
    bed.aiml.reportedDuration(OptionalDouble.empty()); // the announced lengths count
  }

  @AfterEach
  void stop() {
    if (bed != null) bed.close();
  }

  private DiscordCall reply(String channelId, String messageId) {
    return discord.awaitCall(c -> c.matches("POST", "channels/" + channelId + "/messages")
        && c.replyTo().equals(Optional.of(messageId)), WAIT);
  }

  /** The immediate (ephemeral) answer to an interaction. */
  private String answer(FakeInteraction i) {
    DiscordCall callback = discord.awaitCall(c -> c.path().equals(i.callbackPath()), WAIT);
    assertThat(callback.ephemeral()).isTrue();
    return callback.json().path("data").path("content").asText();
  }

  private List<DiscordCall> downloadsOf(FakeAttachment a) {
    return discord.calls("GET", "attachments/").stream().filter(c -> c.path().contains("/" + a.id() + "/")).toList();
  }

  @Test
  void aQuotaUsedUpByAnnouncedLengthsRefusesTheNextBeforeAnyDownloadAndUsageTellsIt() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)));
    String first = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 40));
    assertThat(reply(DM_CHANNEL_ID, first).content()).startsWith("Hello there.");

    FakeAttachment over = discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 30);
    String second = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, over);
    assertThat(reply(DM_CHANNEL_ID, second).content()).isEqualTo("That recording is longer than the 20 s you have left"
        + " today (of 1 minute). They reset at 00:00 UTC, in 3 h 12 min.");
    assertThat(downloadsOf(over)).isEmpty();
    assertThat(bed.aiml.createCount()).isEqualTo(1);

    FakeInteraction usage = discord.slashCommand(DM_CHANNEL_ID, MEMBER, "usage");
    assertThat(answer(usage)).isEqualTo("**Today** you used 40 s of 1 min (1 transcription).\n"
        + "-# Daily limits reset at 00:00 UTC, in 3 h 12 min.");
    FakeInteraction inServer = discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "usage");
    assertThat(answer(inServer)).contains("This server: 0 min (no daily limit) (0 transcriptions).");
  }

  @Test
  void usageAndStatsAnswerInTheInteractionsLocale() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1))
        .withAccess(new Access(Set.of(), Set.of(), Set.of("discord:" + MODERATOR.id()))));
    String first = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 40));
    assertThat(reply(DM_CHANNEL_ID, first).content()).startsWith("Hello there.");
    discord.userLocale(MEMBER, "fr");
    discord.userLocale(MODERATOR, "uk");

    assertThat(answer(discord.slashCommand(DM_CHANNEL_ID, MEMBER, "usage")))
        .isEqualTo("Aujourd’hui, vous avez utilisé 40 s sur 1 min (1 transcription).\n"
            + "-# Les limites quotidiennes sont réinitialisées à 00:00 UTC, dans 3 h 12 min.");
    assertThat(answer(discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "stats")))
        .isEqualTo("Seuls les opérateurs du bot peuvent voir ses statistiques.");
    assertThat(answer(discord.slashCommand(GENERAL_CHANNEL_ID, MODERATOR, "stats")))
        .startsWith("**Сьогодні:** 1 платне завдання, 0 з кешу, 40 с аудіо, $0.00124 (31 кредит).")
        .contains("**Відмовлено сьогодні:** хвилини на людину 0, хвилини на сервер 0");
  }

  @Test
  void statsAreForOperatorsOnlyAndOperatorsAreExempt() throws Exception {
    start(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofSeconds(30))
        .withAccess(new Access(Set.of(), Set.of(), Set.of("discord:" + MODERATOR.id()))));
    for (int i = 0; i < 2; i++) {
      String m = discord.sendVoiceMessage(DM_CHANNEL_ID, MODERATOR, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 45));
      assertThat(reply(DM_CHANNEL_ID, m).content()).startsWith("Hello there.");
    }
    assertThat(answer(discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "stats")))
        .isEqualTo("Only the bot's operators can see its statistics.");
    assertThat(answer(discord.slashCommand(GENERAL_CHANNEL_ID, MODERATOR, "stats")))
        .startsWith("**Today:** 2 paid jobs, 0 answered from the cache, 1 min of audio, $0.00248 (62 credits).")
        .contains("**Refused today:** person's minutes 0");
  }

  @Test
  void outsideTheListsNothingIsFetchedAndOnlyDirectMessagesAndCommandsGetThePoliteLine() throws Exception {
    start(SpendPolicy.UNLIMITED.withAccess(new Access(Set.of("discord:guild:" + FakeDiscord.GUILD_ID),
        Set.of("discord:user:" + MEMBER.id()), Set.of())));
    // Auto-transcription on in #general, by the moderator (allowed: the server is on the list).
    FakeInteraction on = discord.slashCommand(GENERAL_CHANNEL_ID, MODERATOR, "autotranscribe", subcommand("on"));
    discord.awaitCall(c -> c.path().equals(on.callbackPath()), WAIT);

    FakeAttachment blockedVoice = discord.voiceAttachment(GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 2);
    String blocked = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER, blockedVoice);
    String allowed = discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MODERATOR,
        discord.voiceAttachment(GENERAL_CHANNEL_ID, TestBed.uniqueAudio(), 2));
    assertThat(reply(GENERAL_CHANNEL_ID, allowed).content()).startsWith("Hello there.");
    // Events are handled in order: the blocked member's message was passed over in silence.
    assertThat(discord.calls("POST", "channels/" + GENERAL_CHANNEL_ID + "/messages").stream()
        .filter(c -> c.replyTo().equals(Optional.of(blocked)))).isEmpty();

    FakeAttachment file = discord.upload(GENERAL_CHANNEL_ID, "memo.ogg", "audio/ogg", TestBed.uniqueAudio());
    assertThat(answer(discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", attachment("file", file))))
        .isEqualTo("Sorry, I'm not available here.");
    // A direct message of someone not on the list: the polite line.
    String dm = discord.sendVoiceMessage(DM_CHANNEL_ID, MODERATOR, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 2));
    assertThat(reply(DM_CHANNEL_ID, dm).content()).isEqualTo("Sorry, I'm not available here.");
    assertThat(downloadsOf(blockedVoice)).isEmpty();
    assertThat(downloadsOf(file)).isEmpty();
    assertThat(bed.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void theDailyBudgetReachedIsNamedAndCountsTheHeader() throws Exception {
    start(SpendPolicy.UNLIMITED.withBudget(Optional.of(new BigDecimal("0.002")), new BigDecimal("0.02")));
    String first = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 3));
    assertThat(reply(DM_CHANNEL_ID, first).content()).startsWith("Hello there.");
    String second = discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 3));
    assertThat(reply(DM_CHANNEL_ID, second).content())
        .isEqualTo("I've spent my daily budget of $0.002 on transcriptions. It resets at 00:00 UTC, in 3 h 12 min.");
    assertThat(bed.aiml.createCount()).isEqualTo(1);
  }

  @Test
  void oneServersFloodDelaysADirectMessageByAboutOneJob() throws Exception {
    bed = new TestBed(dir, SpendPolicy.UNLIMITED.withJobs(3, 0), EVENING, 2, 256);
    discord = bed.discord;
    bed.aiml.script(JobScript.completes("Hello there."));
    FakeInteraction on = discord.slashCommand(GENERAL_CHANNEL_ID, MODERATOR, "autotranscribe", subcommand("on"));
    discord.awaitCall(c -> c.path().equals(on.callbackPath()), WAIT);
    bed.aiml.hold(true);
    for (int i = 0; i < 30; i++) {
      discord.sendVoiceMessage(GENERAL_CHANNEL_ID, MEMBER, discord.voiceAttachment(GENERAL_CHANNEL_ID, flood(i), 2));
    }
    awaitTrue("two running and 28 waiting", () -> bed.aiml.createCount() == 2 && bed.stack.metrics().queued().get() == 28);
    String dm = discord.sendVoiceMessage(DM_CHANNEL_ID, MODERATOR, discord.voiceAttachment(DM_CHANNEL_ID, flood(99), 2));
    awaitTrue("the direct message waiting too", () -> bed.stack.metrics().queued().get() == 29);
    bed.aiml.hold(false);

    assertThat(reply(DM_CHANNEL_ID, dm).content()).startsWith("Hello there.");
    awaitTrue("every job created", () -> bed.aiml.createCount() == 31);
    List<Integer> order = bed.aiml.uploads().stream().map(u -> (int) u.audio().orElseThrow()[4]).toList();
    // Two of the server's were running; it has at most one more turn before the DM's line. That is the order
    // jobs are let in; the order their creates reach the stand-in can differ by one more, as the job let in
    // after the DM, in the other slot, may finish its download first (seen once under load).
    assertThat(order.indexOf(99)).isBetween(2, 4);
  }

  private static byte[] flood(int n) {
    byte[] data = TestBed.uniqueAudio();
    data[4] = (byte) n;
    return data;
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10); // polling a condition, bounded; no time is meant to pass
    }
  }
}
