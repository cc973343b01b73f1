package dev.voxscribe.core.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.store.PostgresStore;
import dev.voxscribe.testing.db.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Quotas exact across instances: two ledgers, each on its own connection to one PostgreSQL (as two
 * processes are), admitting the same person at once. Skipped, with the reason, without PostgreSQL.
 */
class SharedSpendingTest {
  private static final Requester ALICE_IN_GROUP = Requester.inGroup("telegram", "1001", "-100777");

  @Test
  void twoInstancesAdmittingOnePersonAtOnceNeverGrantMoreThanTheQuota() throws Exception {
    Optional<String> why = TestDatabase.unavailable();
    assumeTrue(why.isEmpty(), () -> why.orElse(""));
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    SpendPolicy policy = SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(100))
        .withChatMinutes(Duration.ofMinutes(1000));
    try (TestDatabase db = TestDatabase.open().orElseThrow();
        PostgresStore a = PostgresStore.open(db.url(), Optional.empty(), Optional.empty());
        PostgresStore b = PostgresStore.open(db.url(), Optional.empty(), Optional.empty())) {
      assertThat(a.usage().shared()).isTrue();
      Spending first = new Spending(policy, a.usage(), clock, new Metrics());
      Spending second = new Spending(policy, b.usage(), clock, new Metrics());
      // Warm both ledgers first, so neither starts from an empty view that a cache could keep.
      assertThat(first.usage(ALICE_IN_GROUP).used()).isZero();
      assertThat(second.usage(ALICE_IN_GROUP).used()).isZero();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      AtomicInteger admitted = new AtomicInteger();
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          Spending s = i % 2 == 0 ? first : second;
          String id = "g" + i;
          all.add(pool.submit((Callable<Void>) () -> {
            go.await();
            try {
              Spending.Ticket t = s.admit(ALICE_IN_GROUP, Optional.of(Duration.ofMinutes(3)));
              admitted.incrementAndGet();
              t.created();
              t.settle(new Transcript("text", Optional.of("en"), Optional.of(Duration.ofMinutes(3)), List.of(), id,
                  "#g1_whisper-large"));
            } catch (TranscriptionException refused) {
              // counted from the total
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : all) f.get();
      } finally {
        pool.shutdownNow();
      }
      // 33 × 3 min fit in 100 minutes, across both instances together.
      assertThat(admitted.get()).isEqualTo(33);
      assertThat(first.usage(ALICE_IN_GROUP).used()).isEqualTo(Duration.ofMinutes(99));
      assertThat(second.usage(ALICE_IN_GROUP).used()).isEqualTo(Duration.ofMinutes(99));
      Spending.Period today = second.stats().today();
      assertThat(today.creates()).isEqualTo(33);
      assertThat(today.refusals()).containsEntry(Limit.USER_MINUTES, 17L);
      // Each instance sees the jobs the other settled.
      assertThat(second.usage(ALICE_IN_GROUP).jobs()).isEqualTo(33);
    }
  }
}
