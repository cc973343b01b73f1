package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingTranscriptionServiceTest {
  private final FakeSpeechToText stt = new FakeSpeechToText();
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final Metrics metrics = new Metrics();
  private final TranscriptionLimits limits = new TranscriptionLimits(1000, Duration.ofMinutes(5), 2, 1);
  private final CachingTranscriptionService service = new CachingTranscriptionService(stt,
      new TranscriptionOptions("#g1_whisper-large", Optional.empty(), Map.of("smart_format", true)), limits,
      new CachePolicy(Duration.ofHours(24), 100), ticker, metrics);
  private final AtomicInteger fetches = new AtomicInteger();

  private AudioFetch fetch(byte[] bytes) {
    return fetch(bytes, "audio/ogg");
  }

  private AudioFetch fetch(byte[] bytes, String type) {
    return () -> {
      fetches.incrementAndGet();
      return CompletableFuture.completedFuture(new AudioSource.Bytes(bytes, "a.ogg", type));
    };
  }

  private static TranscriptionException failure(CompletableFuture<Transcript> f) {
    try {
      f.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return TranscriptionException.from(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void sameAudioTwiceIsTranscribedOnceAndAnsweredAtOnce() throws Exception {
    Transcript first = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1, 2})).build()).get();
    CompletableFuture<Transcript> second = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1, 2})).build());
    assertThat(second).isDone();
    assertThat(second.get()).isEqualTo(first);
    assertThat(stt.calls).hasSize(1);
    assertThat(metrics.cacheHits()).isEqualTo(1);
  }

  @Test
  void defaultsAndRequestOptionsReachTheService() throws Exception {
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1})).language("de").build()).get();
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1})).language("auto").model("#g1_whisper-base")
        .declaredDuration(Duration.ofSeconds(3)).build()).get();
    assertThat(stt.calls.get(0).options()).isEqualTo(
        new TranscriptionOptions("#g1_whisper-large", Optional.of("de"), Map.of("smart_format", true)));
    assertThat(stt.calls.get(1).options().language()).isEmpty();
    assertThat(stt.calls.get(1).options().model()).isEqualTo("#g1_whisper-base");
    assertThat(stt.calls.get(1).duration()).contains(Duration.ofSeconds(3));
  }

  @Test
  void differentLanguageIsADifferentEntry() throws Exception {
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1})).language("en").build()).get();
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1})).language("fr").build()).get();
    assertThat(stt.calls).hasSize(2);
  }

  @Test
  void identicalRequestsInFlightShareOneJob() throws Exception {
    stt.completeAtOnce = false;
    CachingTranscriptionService roomy = new CachingTranscriptionService(stt, TranscriptionOptions.of("#g1_whisper-large"),
        new TranscriptionLimits(1000, Duration.ofMinutes(5), 32, 0), new CachePolicy(Duration.ofHours(1), 100), ticker, metrics);
    List<CompletableFuture<Transcript>> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) all.add(roomy.transcribe(TranscriptionRequest.builder(fetch(new byte[] {7, 7})).build()));
    assertThat(stt.calls).hasSize(1);
    assertThat(all).noneMatch(CompletableFuture::isDone);
    stt.calls.get(0).complete("shared");
    for (CompletableFuture<Transcript> f : all) assertThat(f.get(5, TimeUnit.SECONDS).text()).isEqualTo("shared");
  }

  @Test
  void failuresAreNotCached() throws Exception {
    stt.completeAtOnce = false;
    CompletableFuture<Transcript> first = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {3})).build());
    stt.calls.get(0).result().completeExceptionally(new TranscriptionException(FailureKind.JOB_FAILED, "boom"));
    assertThat(failure(first).kind()).isEqualTo(FailureKind.JOB_FAILED);
    stt.completeAtOnce = true;
    assertThat(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {3})).build()).get().text()).isEqualTo("transcript 2");
    assertThat(stt.calls).hasSize(2);
  }

  @Test
  void entriesExpireAfterTheTtlOnTheInjectedTicker() throws Exception {
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {4})).build()).get();
    nanos.addAndGet(Duration.ofHours(23).toNanos());
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {4})).build()).get();
    assertThat(stt.calls).hasSize(1);
    nanos.addAndGet(Duration.ofHours(2).toNanos());
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {4})).build()).get();
    assertThat(stt.calls).hasSize(2);
  }

  @Test
  void platformKeyAnswersWithoutFetchingAgain() throws Exception {
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {5})).platformKey("AgADxyz").build()).get();
    CompletableFuture<Transcript> forwarded =
        service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {5})).platformKey("AgADxyz").build());
    assertThat(forwarded).isDone();
    assertThat(fetches).hasValue(1);
    assertThat(stt.calls).hasSize(1);
  }

  @Test
  void platformKeyMissStillSharesByContent() throws Exception {
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {6})).platformKey("one").build()).get();
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {6})).platformKey("two").build()).get();
    assertThat(fetches).hasValue(2);
    assertThat(stt.calls).hasSize(1);
  }

  @Test
  void declaredSizeOverTheLimitIsRefusedBeforeFetching() {
    TranscriptionException e = failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1})).declaredBytes(1001).build()));
    assertThat(e.kind()).isEqualTo(FailureKind.TOO_LARGE);
    assertThat(fetches).hasValue(0);
    assertThat(stt.calls).isEmpty();
  }

  @Test
  void declaredDurationOverTheLimitIsRefusedBeforeFetching() {
    TranscriptionException e = failure(service.transcribe(
        TranscriptionRequest.builder(fetch(new byte[] {1})).declaredDuration(Duration.ofMinutes(6)).build()));
    assertThat(e.kind()).isEqualTo(FailureKind.TOO_LONG);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void actualSizeOverTheLimitIsRefusedBeforeUploading() {
    TranscriptionException e = failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[1001])).build()));
    assertThat(e.kind()).isEqualTo(FailureKind.TOO_LARGE);
    assertThat(stt.calls).isEmpty();
  }

  @Test
  void nonAudioIsRefusedBeforeUploading() {
    TranscriptionException e = failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1}, "application/pdf")).build()));
    assertThat(e.kind()).isEqualTo(FailureKind.UNSUPPORTED_MEDIA);
    assertThat(stt.calls).isEmpty();
  }

  @Test
  void anEmptyFileIsRefusedBeforeUploading() {
    TranscriptionException e = failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[0])).build()));
    assertThat(e.kind()).isEqualTo(FailureKind.UNSUPPORTED_MEDIA);
    assertThat(stt.calls).isEmpty();
  }

  @Test
  void downloadFailureIsTyped() {
    AudioFetch broken = () -> CompletableFuture.failedFuture(new java.io.IOException("reset"));
    assertThat(failure(service.transcribe(TranscriptionRequest.builder(broken).build())).kind()).isEqualTo(FailureKind.DOWNLOAD_FAILED);
  }

  @Test
  void busyIsAnsweredBeforeDownloadingAnything() {
    stt.completeAtOnce = false;
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {20})).build());
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {21})).build());
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {22})).build());
    assertThat(fetches).hasValue(2); // the queued one has not been downloaded yet
    assertThat(failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {23})).build())).kind())
        .isEqualTo(FailureKind.BUSY);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void everyFailedRequestIsCountedOnceByKind() {
    failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1})).declaredBytes(5000).build()));
    failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1}, "text/plain")).build()));
    stt.completeAtOnce = false;
    CompletableFuture<Transcript> failing = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {30})).build());
    stt.calls.get(0).result().completeExceptionally(new TranscriptionException(FailureKind.JOB_FAILED, "boom"));
    failure(failing);
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {31})).build());
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {32})).build());
    service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {33})).build());
    failure(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {34})).build()));
    assertThat(metrics.failures(FailureKind.TOO_LARGE)).isEqualTo(1);
    assertThat(metrics.failures(FailureKind.UNSUPPORTED_MEDIA)).isEqualTo(1);
    assertThat(metrics.failures(FailureKind.JOB_FAILED)).isEqualTo(1);
    assertThat(metrics.failures(FailureKind.BUSY)).isEqualTo(1);
  }

  @Test
  void aRequestThatCannotBeBuiltFailsAsAFutureNotAThrow() {
    CompletableFuture<Transcript> f = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {1})).model(" ").build());
    assertThat(failure(f).kind()).isEqualTo(FailureKind.BAD_REQUEST);
  }

  @Test
  void pastTheQueueRequestsFailFastAsBusyAndQueuedOnesRunLater() throws Exception {
    stt.completeAtOnce = false;
    CompletableFuture<Transcript> a = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {10})).build());
    CompletableFuture<Transcript> b = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {11})).build());
    CompletableFuture<Transcript> queued = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {12})).build());
    CompletableFuture<Transcript> refused = service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {13})).build());
    assertThat(failure(refused).kind()).isEqualTo(FailureKind.BUSY);
    assertThat(stt.calls).hasSize(2);
    stt.calls.get(0).complete("a");
    assertThat(a.get(5, TimeUnit.SECONDS).text()).isEqualTo("a");
    assertThat(stt.calls).hasSize(3);
    stt.calls.get(2).complete("queued");
    stt.calls.get(1).complete("b");
    assertThat(queued.get(5, TimeUnit.SECONDS).text()).isEqualTo("queued");
    assertThat(b.get(5, TimeUnit.SECONDS).text()).isEqualTo("b");
    // after the failure nothing leaked: the busy one can be tried again
    stt.completeAtOnce = true;
    assertThat(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {13})).build()).get().text()).isNotEmpty();
  }

  @Test
  void aJobAnotherInstanceTookOverBeforeItsCreateIsNotCreatedHere() throws Exception {
    JobProgress takenOver = new JobProgress() {
      @Override public boolean creating() { return false; }
      @Override public void polling(String generationId, java.time.Instant createdAt) {
        throw new AssertionError("nothing was created, so nothing is polled");
      }
    };
    CompletableFuture<Transcript> f =
        service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {40})).progress(takenOver).build());
    assertThat(failure(f).kind()).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(stt.calls).as("no create").isEmpty();
    // Not cached as a failure: the same audio asked by a job of this instance's own is created.
    assertThat(service.transcribe(TranscriptionRequest.builder(fetch(new byte[] {40})).build()).get(5, TimeUnit.SECONDS)
        .text()).isNotEmpty();
    assertThat(stt.calls).hasSize(1);
  }
}
