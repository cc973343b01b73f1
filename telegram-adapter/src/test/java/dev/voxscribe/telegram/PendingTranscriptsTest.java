package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Whole guest transcripts kept for callers who have not started the bot yet. */
class PendingTranscriptsTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @Test
  void transcriptsAreDeliveredOnceAndExpireAfterAnHour() {
    PendingTranscripts pending = new PendingTranscripts(clock);
    pending.add(7, "Book club", "old");
    now.set(now.get().plus(Duration.ofMinutes(59)));
    pending.add(7, "", "new");
    now.set(now.get().plus(Duration.ofMinutes(2)));

    assertThat(pending.take(7)).extracting(PendingTranscripts.Delivery::text).containsExactly("new");
    assertThat(pending.take(7)).as("taken once").isEmpty();
    assertThat(pending.take(8)).isEmpty();
  }

  @Test
  void onlyTheNewestFewPerUserAreKept() {
    PendingTranscripts pending = new PendingTranscripts(clock);
    for (int i = 1; i <= PendingTranscripts.PER_USER + 2; i++) pending.add(7, "", "t" + i);

    assertThat(pending.take(7)).hasSize(PendingTranscripts.PER_USER).first()
        .satisfies(d -> assertThat(d.text()).isEqualTo("t3"));
  }
}
