package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.DM_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.core.extras.Action;
import dev.voxscribe.core.extras.ExtrasPolicy;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeDiscord;
import dev.voxscribe.testing.discord.FakeInteraction;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the buttons cost on Discord: a press is paid for under issue 10's quotas and refused at once,
 * for nothing, once they are used up; a long voice message's automatic summary is paid by its sender.
 */
class DiscordButtonsQuotaTest {
  @TempDir Path dataDir;
  TestBed bed;

  @AfterEach
  void stop() {
    if (bed != null) bed.close();
  }

  @Test
  void aTranslationCountsAndOnceTheMinuteIsGoneTheNextIsRefusedPrivatelyAndCostsNothing() throws Exception {
    bed = new TestBed(dataDir, SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)), ExtrasPolicy.defaults("gpt-4o-mini"));
    FakeDiscord discord = bed.discord;
    bed.aiml.script(JobScript.completes("Hello there.").afterPolls(1));
    bed.aiml.chat().reply(call -> "Hallo da.");
    bed.aiml.chat().usdPerCall(new BigDecimal("0.02")); // a minute's worth at 0.02 USD a minute
    Requester member = Requester.inPrivate("discord", MEMBER.id());

    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 2.0));
    JsonNode reply = Await.until("the transcript with its buttons", discord::botMessagesWithButtons, l -> !l.isEmpty()).get(0);
    String translate = discord.buttons(reply.path("id").asText()).get(0).get(0).get(1);

    FakeInteraction first = discord.pressButton(DM_CHANNEL_ID, MEMBER, reply.path("id").asText(), translate, "de");
    DiscordCall answer = discord.awaitCall(c -> c.matches("PATCH", first.originalPath(APPLICATION_ID)), WAIT);
    assertThat(answer.content()).isEqualTo("**Deutsch**\nHallo da.");
    // The voice message took a few seconds; the answer's reported cost the rest of the minute and more.
    assertThat(bed.stack.spending().usage(member).used()).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    BigDecimal spent = bed.stack.spending().stats().today().usd();

    FakeInteraction second = discord.pressButton(DM_CHANNEL_ID, MEMBER, reply.path("id").asText(), translate, "fr");
    DiscordCall refused = discord.awaitCall(c -> c.path().equals(second.callbackPath()), WAIT);
    assertThat(refused.json().path("type").asInt()).as("answered at once, no deferral").isEqualTo(4);
    assertThat(refused.ephemeral()).isTrue();
    assertThat(refused.json().path("data").path("content").asText()).startsWith("Vous avez utilisé vos");
    assertThat(bed.aiml.chat().count()).isEqualTo(1);
    assertThat(bed.stack.spending().stats().today().usd()).isEqualByComparingTo(spent);
    assertThat(discord.callsOf(second)).hasSize(1);
  }

  @Test
  void aLongVoiceMessageWithAShortTranscriptGetsNoSummaryUnasked() throws Exception {
    bed = new TestBed(dataDir, SpendPolicy.UNLIMITED,
        ExtrasPolicy.defaults("gpt-4o-mini").withAutoSummaryAfter(java.util.Optional.of(Duration.ofSeconds(30))));
    FakeDiscord discord = bed.discord;
    bed.aiml.script(JobScript.completes("Call me back when you can.").afterPolls(1));
    bed.aiml.chat().reply(call -> "• A summary.");

    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 60.0));
    JsonNode answer = Await.until("the answer", discord::botMessagesWithButtons, l -> l.size() == 1).get(0);
    assertThat(answer.path("content").asText()).startsWith("Call me back when you can.").doesNotContain("A summary");
    assertThat(bed.aiml.chat().requests()).isZero();
  }

  @Test
  void aLongVoiceMessageGetsItsSummaryAboveTheTranscriptAndTheSummaryButtonServesIt() throws Exception {
    bed = new TestBed(dataDir, SpendPolicy.UNLIMITED,
        ExtrasPolicy.defaults("gpt-4o-mini").withAutoSummaryAfter(java.util.Optional.of(Duration.ofSeconds(30))));
    FakeDiscord discord = bed.discord;
    String text = ("We move the release to Thursday because the migration is not ready yet. "
        + "Maria checks the backups tonight and Tom writes to the customers. ").repeat(4).strip();
    bed.aiml.script(JobScript.completes(text).afterPolls(1));
    bed.aiml.chat().reply(call -> "• Release on *Thursday*.");

    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 12.0));
    JsonNode shortOne = Await.until("the short one's buttons", discord::botMessagesWithButtons, l -> l.size() == 1).get(0);
    assertThat(shortOne.path("content").asText()).startsWith("We move the release");
    discord.sendVoiceMessage(DM_CHANNEL_ID, MEMBER, discord.voiceAttachment(DM_CHANNEL_ID, TestBed.uniqueAudio(), 45.0));
    JsonNode longOne = Await.until("the long one's buttons", discord::botMessagesWithButtons, l -> l.size() == 2).get(1);

    // Above the transcript, escaped like it: the model's "*" reads as a star, not as markup.
    assertThat(longOne.path("content").asText()).startsWith("📝 • Release on \\*Thursday\\*.\n\nWe move the release");
    assertThat(bed.stack.spending().usage(Requester.inPrivate("discord", MEMBER.id())).used())
        .as("the summary's reported cost counts for the sender").isGreaterThan(Duration.ZERO);
    String summary = discord.buttons(longOne.path("id").asText()).stream().flatMap(List::stream)
        .filter(b -> b.get(0).equals(Messages.ENGLISH.buttonLabel(Action.SUMMARY))).findFirst().orElseThrow().get(1);
    FakeInteraction press = discord.pressButton(DM_CHANNEL_ID, MEMBER, longOne.path("id").asText(), summary, "en-US");
    DiscordCall answer = discord.awaitCall(c -> c.matches("PATCH", press.originalPath(APPLICATION_ID)), WAIT);
    assertThat(answer.content()).isEqualTo("**Summary**\n• Release on \\*Thursday\\*.");
    assertThat(bed.aiml.chat().count()).as("the press is served from what was kept").isEqualTo(1);
  }
}
