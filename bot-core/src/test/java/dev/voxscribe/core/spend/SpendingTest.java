package dev.voxscribe.core.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.store.UsageStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpendingTest {
  /** 20:48 UTC: the quotas reset in 3 h 12 min. */
  private static final Instant EVENING = Instant.parse("2026-12-01T20:48:00Z");
  private static final Requester ALICE = Requester.inPrivate("telegram", "1001");
  private static final Requester ALICE_IN_GROUP = Requester.inGroup("telegram", "1001", "-100777");
  private static final Requester BOB_IN_GROUP = Requester.inGroup("telegram", "1002", "-100777");
  private static final Requester OPERATOR = Requester.inPrivate("telegram", "9");

  private final MutableClock clock = new MutableClock(EVENING);
  private final Metrics metrics = new Metrics();

  private Spending spending(SpendPolicy policy) {
    return new Spending(policy, UsageStore.inMemory(), clock, metrics);
  }

  private static SpendPolicy minutes(int user, int chat) {
    return SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(user)).withChatMinutes(Duration.ofMinutes(chat));
  }

  private static Transcript transcript(String id, Optional<Duration> length) {
    return new Transcript("text", Optional.of("en"), length, List.of(), id, "#g1_whisper-large");
  }

  private static Refusal refusal(Runnable r) {
    try {
      r.run();
    } catch (TranscriptionException e) {
      return e.refusal().orElseThrow();
    }
    throw new AssertionError("expected a refusal");
  }

  private void transcribe(Spending s, Requester who, Duration announced, String id) {
    Spending.Ticket t = s.admit(who, Optional.of(announced));
    t.created();
    t.settle(transcript(id, Optional.of(announced)));
  }

  @Test
  void anAnnouncedLengthOverWhatIsLeftIsRefusedWithWhatIsLeftAndWhenItResets() {
    Spending s = spending(minutes(10, 0));
    transcribe(s, ALICE, Duration.ofMinutes(6), "g1");

    Refusal r = refusal(() -> s.admit(ALICE, Optional.of(Duration.ofMinutes(5))));

    assertThat(r.limit()).isEqualTo(Limit.USER_MINUTES);
    assertThat(r.left()).isEqualTo(Duration.ofMinutes(4));
    assertThat(r.allowance()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.resetsAt()).contains(Instant.parse("2026-12-02T00:00:00Z"));
    assertThat(r.resetsIn()).contains(Duration.ofHours(3).plusMinutes(12));
    assertThat(r.usedUp()).isFalse();
    s.admit(ALICE, Optional.of(Duration.ofMinutes(4)));
    assertThat(refusal(() -> s.admit(ALICE, Optional.of(Duration.ofSeconds(1)))).usedUp()).isTrue();
    assertThat(metrics.refusals("user_minutes")).isEqualTo(2);
    assertThat(s.stats().today().refusals()).containsEntry(Limit.USER_MINUTES, 2L);
  }

  @Test
  void unannouncedAudioPassesWhileAnythingIsLeftAndCountsByTheReportedLength() {
    Spending s = spending(minutes(10, 0));
    Spending.Ticket t = s.admit(ALICE, Optional.empty());
    t.created();
    t.settle(transcript("g1", Optional.of(Duration.ofMinutes(12))));

    assertThat(s.usage(ALICE).used()).isEqualTo(Duration.ofMinutes(12));
    assertThat(refusal(() -> s.admit(ALICE, Optional.empty())).limit()).isEqualTo(Limit.USER_MINUTES);
    assertThat(metrics.audioSeconds()).isEqualTo(720.0);
  }

  @Test
  void aFailedOrUncreatedJobGivesItsMinutesBack() {
    Spending s = spending(minutes(10, 0));
    s.admit(ALICE, Optional.of(Duration.ofMinutes(8))).finish(Optional.empty());
    Spending.Ticket joined = s.admit(ALICE, Optional.of(Duration.ofMinutes(8)));
    joined.finish(Optional.of(transcript("shared", Optional.of(Duration.ofMinutes(8))))); // never created: a cache join
    assertThat(s.usage(ALICE).used()).isZero();
    assertThat(s.usage(ALICE).jobs()).isZero();
    s.admit(ALICE, Optional.of(Duration.ofMinutes(10)));
  }

  @Test
  void aGroupHasItsOwnDailyMinutesAndAPrivateChatCountsOnlyAgainstItsPerson() {
    Spending s = spending(minutes(60, 10));
    transcribe(s, ALICE, Duration.ofMinutes(30), "private");
    transcribe(s, ALICE_IN_GROUP, Duration.ofMinutes(6), "g1");

    Refusal r = refusal(() -> s.admit(BOB_IN_GROUP, Optional.of(Duration.ofMinutes(5))));
    assertThat(r.limit()).isEqualTo(Limit.CHAT_MINUTES);
    assertThat(r.left()).isEqualTo(Duration.ofMinutes(4));
    Spending.Usage usage = s.usage(ALICE_IN_GROUP);
    assertThat(usage.used()).isEqualTo(Duration.ofMinutes(36));
    assertThat(usage.jobs()).isEqualTo(2);
    assertThat(usage.chat()).hasValueSatisfying(c -> {
      assertThat(c.used()).isEqualTo(Duration.ofMinutes(6));
      assertThat(c.jobs()).isEqualTo(1);
      assertThat(c.allowance()).isEqualTo(Duration.ofMinutes(10));
    });
    assertThat(s.usage(ALICE).chat()).isEmpty();
  }

  @Test
  void quotasStartAfreshAtMidnightUtc() {
    Spending s = spending(minutes(10, 0));
    transcribe(s, ALICE, Duration.ofMinutes(10), "g1");
    assertThat(refusal(() -> s.admit(ALICE, Optional.empty())).limit()).isEqualTo(Limit.USER_MINUTES);
    clock.advance(Duration.ofHours(3).plusMinutes(12));
    s.admit(ALICE, Optional.of(Duration.ofMinutes(10)));
  }

  @Test
  void anOperatorIsExemptFromQuotasAndTheAllowlist() {
    SpendPolicy policy = minutes(1, 1).withBudget(Optional.of(new BigDecimal("0.01")), new BigDecimal("0.02"))
        .withAccess(new Access(Set.of("telegram:5"), Set.of(), Set.of("telegram:9")));
    Spending s = spending(policy);
    for (int i = 0; i < 3; i++) transcribe(s, OPERATOR, Duration.ofMinutes(5), "op" + i);
    assertThat(s.access(OPERATOR)).isEmpty();
    assertThat(s.isAdmin(OPERATOR)).isTrue();
    assertThat(s.usage(OPERATOR).used()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.access(ALICE)).hasValueSatisfying(r -> assertThat(r.limit()).isEqualTo(Limit.NOT_ALLOWED));
  }

  @Test
  void allowAndBlockListsNameChatsServersAndPeople() {
    Access access = new Access(Set.of("telegram:-100777", "discord:guild:55", "discord:user:7"),
        Set.of("telegram:1002"), Set.of());
    Spending s = spending(SpendPolicy.UNLIMITED.withAccess(access));
    assertThat(s.access(ALICE_IN_GROUP)).isEmpty();
    assertThat(s.access(ALICE)).isPresent(); // her private chat is not on the list
    assertThat(s.access(BOB_IN_GROUP)).isPresent(); // blocked, even in an allowed group
    assertThat(s.access(Requester.inGroup("discord", "1", "55"))).isEmpty();
    assertThat(s.access(Requester.inGroup("discord", "1", "56"))).isPresent();
    assertThat(s.access(Requester.inPrivate("discord", "7"))).isEmpty();
    assertThat(s.access(Requester.inGroup("discord", "7", "56"))).isEmpty();
    // A channel posting in itself is its own person and chat.
    assertThat(s.access(Requester.inGroup("telegram", "-100777", "-100777"))).isEmpty();
    assertThat(s.stats().today().refusals()).containsEntry(Limit.NOT_ALLOWED, 3L);
  }

  @Test
  void theBudgetCountsTheServicesHeaderWhereItCameElseTheEstimate() {
    SpendPolicy policy = SpendPolicy.UNLIMITED.withBudget(Optional.of(new BigDecimal("0.10")), new BigDecimal("0.02"));
    Spending s = spending(policy);
    Spending.Ticket t = s.admit(ALICE, Optional.of(Duration.ofMinutes(1)));
    t.created();
    s.costs().record("g1", new Cost(Optional.of(new BigDecimal("0.060000000")), OptionalLong.of(1500)));
    s.costs().record("g1", new Cost(Optional.of(BigDecimal.ZERO), OptionalLong.of(0)));
    t.settle(transcript("g1", Optional.of(Duration.ofMinutes(1))));
    assertThat(s.stats().today().usd()).isEqualByComparingTo("0.06");
    assertThat(s.stats().today().credits()).isEqualTo(1500);

    // No header: 1 min × 0.02 USD estimated.
    transcribe(s, ALICE, Duration.ofMinutes(1), "g2");
    assertThat(s.stats().today().usd()).isEqualByComparingTo("0.08");

    // 0.02 left: a 2-minute note (0.04 estimated) is over it.
    Refusal r = refusal(() -> s.admit(ALICE, Optional.of(Duration.ofMinutes(2))));
    assertThat(r.limit()).isEqualTo(Limit.DAILY_BUDGET);
    assertThat(r.budgetUsd()).isEqualByComparingTo("0.10");
    assertThat(metrics.usdSpent()).isEqualTo(0.08);
  }

  @Test
  void otherPaidWorkIsCheckedAndChargedAgainstTheBudgetAndTheQuotas() {
    SpendPolicy policy = minutes(10, 0).withBudget(Optional.of(new BigDecimal("1.00")), new BigDecimal("0.02"));
    Spending s = spending(policy);
    assertThat(s.check(ALICE, new BigDecimal("0.10"))).isEmpty();
    s.charge(ALICE, new BigDecimal("0.10")); // 5 minutes' worth
    assertThat(s.usage(ALICE).used()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.check(ALICE, new BigDecimal("0.12"))).hasValueSatisfying(r -> assertThat(r.limit()).isEqualTo(Limit.USER_MINUTES));
    assertThat(s.stats().today().usd()).isEqualByComparingTo("0.10");
  }

  @Test
  void aPersonIsToldOnceADay() {
    Spending s = spending(minutes(10, 0));
    assertThat(s.firstNotice(ALICE)).isTrue();
    assertThat(s.firstNotice(ALICE_IN_GROUP)).isFalse();
    assertThat(s.firstNotice(BOB_IN_GROUP)).isTrue();
    clock.advance(Duration.ofHours(4));
    assertThat(s.firstNotice(ALICE)).isTrue();
  }

  @Test
  void fiftyConcurrentRequestsAreCountedExactlyAndTheSameAfterReopeningTheStore(@TempDir Path dir) throws Exception {
    SpendPolicy policy = minutes(100, 1000);
    int admitted;
    try (SqliteStore store = SqliteStore.open(dir)) {
      Spending s = new Spending(policy, store.usage(), clock, metrics);
      admitted = race(50, i -> {
        Spending.Ticket t = s.admit(ALICE_IN_GROUP, Optional.of(Duration.ofMinutes(3)));
        t.created();
        t.settle(transcript("g" + i, Optional.of(Duration.ofMinutes(3))));
      });
      // 33 × 3 min fit in 100 minutes, the 34th would not.
      assertThat(admitted).isEqualTo(33);
      assertThat(s.usage(ALICE_IN_GROUP).used()).isEqualTo(Duration.ofMinutes(99));
      race(50, i -> s.cacheHit(BOB_IN_GROUP));
    }
    try (SqliteStore store = SqliteStore.open(dir)) {
      Spending s = new Spending(policy, store.usage(), clock, metrics);
      Spending.Usage usage = s.usage(ALICE_IN_GROUP);
      assertThat(usage.used()).isEqualTo(Duration.ofMinutes(99));
      assertThat(usage.jobs()).isEqualTo(33);
      assertThat(usage.chat().orElseThrow().used()).isEqualTo(Duration.ofMinutes(99));
      Spending.Period today = s.stats().today();
      assertThat(today.creates()).isEqualTo(33);
      assertThat(today.cacheHits()).isEqualTo(50);
      assertThat(today.audio()).isEqualTo(Duration.ofMinutes(99));
      assertThat(today.refusals()).containsEntry(Limit.USER_MINUTES, 17L);
      assertThat(today.busiest()).extracting(Spending.Busiest::chat).containsExactly("telegram:chat:-100777");
      assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> store.usage().job("g" + i))
          .flatMap(Optional::stream).toList()).hasSize(33).allSatisfy(j -> {
        assertThat(j.audio()).isEqualTo(Duration.ofMinutes(3));
        assertThat(j.usdEstimated()).isTrue();
      });

      // Bob has his own 100 minutes; the group's 1000 hold 99 already.
      int more = race(50, i -> {
        Spending.Ticket t = s.admit(BOB_IN_GROUP, Optional.of(Duration.ofMinutes(2)));
        t.created();
        t.settle(transcript("b" + i, Optional.of(Duration.ofMinutes(2))));
      });
      assertThat(more).isEqualTo(50);
      assertThat(s.usage(BOB_IN_GROUP).chat().orElseThrow().used()).isEqualTo(Duration.ofMinutes(199));
      assertThat(s.stats().today().creates()).isEqualTo(83);
    }
  }

  @Test
  void aRefusalIsNotAStackTrace() {
    Spending s = spending(minutes(1, 0));
    assertThatThrownBy(() -> s.admit(ALICE, Optional.of(Duration.ofMinutes(2))))
        .isInstanceOf(TranscriptionException.class)
        .satisfies(e -> {
          assertThat(((TranscriptionException) e).kind()).isEqualTo(FailureKind.QUOTA);
          assertThat(e.getStackTrace()).isEmpty();
        });
  }

  interface Work {
    void run(int i);
  }

  /** Runs {@code n} calls at once (all released together); returns how many did not throw a refusal. */
  private static int race(int n, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger ok = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit((Callable<Void>) () -> {
          go.await();
          try {
            work.run(index);
            ok.incrementAndGet();
          } catch (TranscriptionException refused) {
            // counted by the caller from the total
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) f.get();
      return ok.get();
    } finally {
      pool.shutdownNow();
    }
  }
}
