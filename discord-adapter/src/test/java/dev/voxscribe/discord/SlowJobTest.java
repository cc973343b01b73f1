package dev.voxscribe.discord;

import static dev.voxscribe.discord.TestBed.WAIT;
import static dev.voxscribe.testing.discord.FakeDiscord.APPLICATION_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.GENERAL_CHANNEL_ID;
import static dev.voxscribe.testing.discord.FakeDiscord.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.discord.DiscordCall;
import dev.voxscribe.testing.discord.FakeAttachment;
import dev.voxscribe.testing.discord.FakeInteraction;
import dev.voxscribe.testing.discord.SlashOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interaction token lives 15 minutes: a job slower than that must still get an answer. Here the
 * answer deadline is two seconds instead of fourteen minutes, and the job never finishes.
 */
class SlowJobTest {
  @TempDir Path dir;

  @Test
  void aJobSlowerThanTheInteractionTokenStillGetsAnAnswer() throws Exception {
    try (TestBed bed = new TestBed(dir, false, Duration.ofSeconds(2))) {
      bed.aiml.script(JobScript.neverFinishes());
      FakeAttachment file = bed.discord.upload(GENERAL_CHANNEL_ID, "long.ogg", "audio/ogg", TestBed.uniqueAudio());

      FakeInteraction i = bed.discord.slashCommand(GENERAL_CHANNEL_ID, MEMBER, "transcribe", SlashOption.attachment("file", file));

      DiscordCall told = bed.discord.awaitCall(c -> c.matches("POST", i.followupPath(APPLICATION_ID)), WAIT);
      assertThat(told.ephemeral()).isTrue();
      assertThat(told.content()).isEqualTo(Messages.ENGLISH.failure(dev.voxscribe.core.FailureKind.DEADLINE, bed.stack.service().limits()));
      assertThat(bed.discord.calls("DELETE", "webhooks/")).isNotEmpty(); // the public "thinking…" is gone
    }
  }
}
