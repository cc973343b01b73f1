package dev.voxscribe.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keeper runs a job once per id, whoever asks for it twice (a live event and a catch-up that raced it). */
class JobKeeperTest {
  @TempDir Path dir;

  private static final Requester WHO = Requester.inGroup("discord", "1200000000000000003", "1200000000000000100");

  @Test
  void theSameVoiceMessageAskedForTwiceIsRunOnce() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (SqliteStore store = SqliteStore.open(dir)) {
      JobKeeper keeper = new JobKeeper(store.jobs(), Clock.systemUTC(), thread);
      AttachmentRef audio = new AttachmentRef("1", "https://cdn.discordapp.com/a/1/voice-message.ogg",
          "voice-message.ogg", Optional.of("audio/ogg"), 1000, Optional.of(Duration.ofSeconds(2)));
      AtomicInteger runs = new AtomicInteger();
      for (int i = 0; i < 2; i++) {
        keeper.run(DiscordJobs.message("1577351991116431374", "1200000000000000200", WHO, List.of(audio),
            Locale.ENGLISH, keeper.clock().instant()), job -> {
              runs.incrementAndGet();
              return CompletableFuture.completedFuture(null);
            });
      }
      // A third job, another message: run as usual.
      keeper.run(DiscordJobs.message("1577351991116431375", "1200000000000000200", WHO, List.of(audio),
          Locale.ENGLISH, keeper.clock().instant()), job -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(null);
          });
      thread.shutdown();
      assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(runs).hasValue(2);
      assertThat(store.jobs().find(DiscordJobs.messageJobId("1577351991116431374")))
          .hasValueSatisfying(r -> assertThat(r.stage()).isEqualTo(JobStage.DELIVERED));
    } finally {
      thread.shutdownNow();
    }
  }
}
