package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.spend.Access;
import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.spend.Spending;
import dev.voxscribe.core.store.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Quotas and access lists in front of the cache and the gate: refused before any download or create. */
class QuotaServiceTest {
  private static final Requester ALICE = Requester.inPrivate("telegram", "1001");
  private static final Requester BOB = Requester.inPrivate("telegram", "1002");

  private final FakeSpeechToText stt = new FakeSpeechToText();
  private final Metrics metrics = new Metrics();
  private final AtomicInteger fetches = new AtomicInteger();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

  private CachingTranscriptionService service(SpendPolicy policy) {
    return new CachingTranscriptionService(stt, TranscriptionOptions.of("#g1_whisper-large"),
        new TranscriptionLimits(1000, Duration.ofMinutes(30), 4, 16), new CachePolicy(Duration.ofHours(1), 100),
        Ticker.systemTicker(), metrics, new Spending(policy, UsageStore.inMemory(), clock, metrics));
  }

  private TranscriptionRequest voice(Requester who, String fileId, int seconds) {
    byte[] bytes = ("OggS" + fileId).getBytes();
    return TranscriptionRequest.builder(() -> {
          fetches.incrementAndGet();
          return CompletableFuture.completedFuture(new AudioSource.Bytes(bytes, "v.ogg", "audio/ogg"));
        })
        .platformKey("telegram:" + fileId).declaredDuration(Duration.ofSeconds(seconds)).requester(who).build();
  }

  private static TranscriptionException failure(CompletableFuture<Transcript> f) {
    assertThat(f).isCompletedExceptionally();
    return TranscriptionException.from(f.handle((t, e) -> e).join());
  }

  @Test
  void aQuotaUsedUpByAnnouncedLengthsRefusesTheNextBeforeAnyDownloadYetACachedNoteIsAnswered() throws Exception {
    CachingTranscriptionService service = service(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(2)));
    service.transcribe(voice(ALICE, "one", 60)).get();
    service.transcribe(voice(ALICE, "two", 60)).get();
    assertThat(fetches).hasValue(2);

    TranscriptionException refused = failure(service.transcribe(voice(ALICE, "three", 5)));
    assertThat(refused.kind()).isEqualTo(FailureKind.QUOTA);
    assertThat(refused.refusal().orElseThrow().limit()).isEqualTo(Limit.USER_MINUTES);
    assertThat(fetches).as("no download").hasValue(2);
    assertThat(stt.calls).as("no create").hasSize(2);

    CompletableFuture<Transcript> cached = service.transcribe(voice(ALICE, "one", 60));
    assertThat(cached).isCompletedWithValueMatching(t -> t.text().equals("transcript 1"));
    assertThat(fetches).hasValue(2);
    assertThat(service.spending().stats().today().cacheHits()).isEqualTo(1);
    // Bob has minutes of his own.
    service.transcribe(voice(BOB, "four", 60)).get();
    assertThat(stt.calls).hasSize(3);
  }

  @Test
  void outsideTheAllowlistNothingIsFetchedOrCreatedEvenForACachedNote() throws Exception {
    CachingTranscriptionService service = service(SpendPolicy.UNLIMITED.withAccess(
        new Access(Set.of("telegram:1001"), Set.of(), Set.of())));
    service.transcribe(voice(ALICE, "one", 3)).get();
    assertThat(failure(service.transcribe(voice(BOB, "one", 3))).kind()).isEqualTo(FailureKind.NOT_ALLOWED);
    assertThat(failure(service.transcribe(voice(BOB, "new", 3))).kind()).isEqualTo(FailureKind.NOT_ALLOWED);
    assertThat(fetches).hasValue(1);
    assertThat(stt.calls).hasSize(1);
  }

  @Test
  void aJobThatFailsGivesItsMinutesBack() throws Exception {
    stt.completeAtOnce = false;
    CachingTranscriptionService service = service(SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofMinutes(1)));
    CompletableFuture<Transcript> first = service.transcribe(voice(ALICE, "one", 60));
    stt.calls.get(0).result().completeExceptionally(new TranscriptionException(FailureKind.JOB_FAILED, "boom"));
    assertThat(failure(first).kind()).isEqualTo(FailureKind.JOB_FAILED);
    stt.completeAtOnce = true;
    assertThat(service.transcribe(voice(ALICE, "two", 60)).get().text()).isEqualTo("transcript 2");
    assertThat(service.spending().usage(ALICE).used()).isEqualTo(Duration.ofMinutes(1));
    assertThat(service.spending().usage(ALICE).jobs()).isEqualTo(1);
  }

  @Test
  void aPersonsJobsBeyondTheirOwnQueueAreRefusedAsTooManyAtOnce() {
    stt.completeAtOnce = false;
    CachingTranscriptionService service = service(SpendPolicy.UNLIMITED.withJobs(1, 2));
    for (int i = 0; i < 3; i++) assertThat(service.transcribe(voice(ALICE, "f" + i, 3))).isNotDone();
    TranscriptionException refused = failure(service.transcribe(voice(ALICE, "f3", 3)));
    assertThat(refused.refusal()).hasValueSatisfying(r -> assertThat(r.limit()).isEqualTo(Limit.USER_QUEUE));
    assertThat(service.transcribe(voice(BOB, "b", 3))).isNotDone();
    assertThat(stt.calls).hasSize(2);
    assertThat(metrics.refusals("user_queue")).isEqualTo(1);
    assertThat(Optional.of(fetches.get())).contains(2);
  }
}
