package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.store.Instance;
import dev.voxscribe.core.store.PostgresStore;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.db.TestDatabase;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.spend.Spending;
import dev.voxscribe.testing.time.ManualClock;
import dev.voxscribe.testing.time.VirtualScheduler;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances (a stack and a store each, as two processes have) on one database and one speech
 * service: the same audio reaching both at once is created once, and both answer with it.
 */
class OneCreatePerClusterTest {
  private static final byte[] AUDIO = {'O', 'g', 'g', 'S', 7, 7, 7};
  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();

  @AfterEach
  void stop() {
    aiml.close();
  }

  private TranscriptionStack stack(Store store) {
    return TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 8, 8),
        new CachePolicy(Duration.ofHours(1), 100), TranscriptionStack.fastPolls(Duration.ofSeconds(30)), store);
  }

  /** A voice note with its own platform key (two chats, two file ids), the same bytes. */
  private static TranscriptionRequest voiceNote(String fileUniqueId, CompletableFuture<Void> downloaded) {
    return TranscriptionRequest.builder(() -> downloaded
            .thenApply(v -> (AudioSource) new AudioSource.Bytes(AUDIO, "voice.ogg", "audio/ogg")))
        .platformKey("telegram:" + fileUniqueId).declaredDuration(Duration.ofSeconds(3)).build();
  }

  private static Instance instance(String id) {
    return new Instance(id, Duration.ofSeconds(30), Clock.systemUTC());
  }

  @Test
  void onSqliteTheSameAudioAtTwoInstancesAtOnceIsCreatedOnce() throws Exception {
    twoInstancesOneCreate(i -> SqliteStore.open(dir, i));
  }

  @Test
  void onPostgresTheSameAudioAtTwoInstancesAtOnceIsCreatedOnce() throws Exception {
    Optional<String> why = TestDatabase.unavailable();
    assumeTrue(why.isEmpty(), () -> why.orElse(""));
    try (TestDatabase db = TestDatabase.open().orElseThrow()) {
      twoInstancesOneCreate(i -> PostgresStore.open(db.url(), Optional.empty(), Optional.empty(), i));
    }
  }

  private void twoInstancesOneCreate(Function<Instance, Store> open) throws Exception {
    aiml.script(JobScript.completes("Heard once, by both.").afterPolls(3));
    try (Store storeA = open.apply(instance("a")); Store storeB = open.apply(instance("b"));
        TranscriptionStack a = stack(storeA); TranscriptionStack b = stack(storeB)) {
      CompletableFuture<Void> downloads = new CompletableFuture<>();
      CompletableFuture<Transcript> atA = a.service().transcribe(voiceNote("UA", downloads));
      CompletableFuture<Transcript> atB = b.service().transcribe(voiceNote("UB", downloads));
      downloads.complete(null); // both have the audio at the same moment
      assertThat(atA.get(30, TimeUnit.SECONDS).text()).isEqualTo("Heard once, by both.");
      assertThat(atB.get(30, TimeUnit.SECONDS).text()).isEqualTo("Heard once, by both.");
      assertThat(aiml.createRequests()).as("one create in the whole cluster").isEqualTo(1);
      // Finished transcripts are shared: a third voice note of the same audio costs nothing at either.
      CompletableFuture<Void> now = CompletableFuture.completedFuture(null);
      assertThat(b.service().transcribe(voiceNote("UC", now)).get(30, TimeUnit.SECONDS).text())
          .isEqualTo("Heard once, by both.");
      assertThat(a.service().transcribe(voiceNote("UB", now)).get(30, TimeUnit.SECONDS).text())
          .as("b's platform key, known at a").isEqualTo("Heard once, by both.");
      assertThat(aiml.createRequests()).isEqualTo(1);
    }
  }

  @Test
  void whenTheCreatingInstanceDiesBeforeTheServiceTookItTheOtherCreatesOnceItsClaimLapses() throws Exception {
    aiml.script(JobScript.completes("Second try.").afterPolls(1));
    Instance shortLease = new Instance("b", Duration.ofMillis(600), Clock.systemUTC());
    // Not a deadlock: the claim of an instance that died lapses, and the survivor creates.
    try (Store dead = SqliteStore.open(dir, new Instance("a", Duration.ofMillis(600), Clock.systemUTC()));
        Store storeB = SqliteStore.open(dir, shortLease); TranscriptionStack b = stack(storeB)) {
      // a claimed the create, then died before the service answered (nothing renews its claim).
      String key = "sha256:" + java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(AUDIO)) + "|#g1_whisper-large|auto|"
          + java.util.Map.of().hashCode();
      assertThat(dead.generations().claimCreate(key)).isTrue();
      CompletableFuture<Transcript> atB = b.service().transcribe(voiceNote("UB", CompletableFuture.completedFuture(null)));
      assertThat(atB.get(30, TimeUnit.SECONDS).text()).isEqualTo("Second try.");
      assertThat(aiml.createRequests()).isEqualTo(1);
    }
  }

  @Test
  void aJobWaitingForAnotherInstancesCreateFailsAtItsOwnDeadlineAndCreatesNothing() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    VirtualScheduler scheduler = new VirtualScheduler(clock);
    FakeSpeechToText stt = new FakeSpeechToText();
    Metrics metrics = new Metrics();
    // a holds the create and lives on (its minute-long lease is not over) but the service never takes
    // its create: b's job must not wait for longer than its own timeout of ten seconds.
    try (Store storeA = SqliteStore.open(dir, new Instance("a", Duration.ofMinutes(1), clock));
        Store storeB = SqliteStore.open(dir, new Instance("b", Duration.ofMinutes(1), clock))) {
      assertThat(storeA.generations().claimCreate(contentKey())).isTrue();
      CachingTranscriptionService b = new CachingTranscriptionService(stt, TranscriptionOptions.of("#g1_whisper-large"),
          new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 8, 8), new CachePolicy(Duration.ofHours(1), 100),
          Ticker.systemTicker(), metrics, Spending.unlimited(clock, metrics), storeB.transcripts(),
          storeB.generations(), clock, Optional.of(scheduler), Duration.ofSeconds(10));
      Instant asked = clock.instant();
      CompletableFuture<Transcript> atB = b.transcribe(voiceNote("UB", CompletableFuture.completedFuture(null)));
      ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> atB.get(30, TimeUnit.SECONDS));
      assertThat(TranscriptionException.from(failed.getCause()).kind()).isEqualTo(FailureKind.DEADLINE);
      assertThat(stt.calls).as("nothing created").isEmpty();
      assertThat(Duration.between(asked, clock.instant())).as("gave up at the deadline, before a's claim lapsed")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(10)).isLessThan(Duration.ofMinutes(1));
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** The content key of {@link #AUDIO} with the default options, as the service forms it. */
  private static String contentKey() throws Exception {
    return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(AUDIO))
        + "|#g1_whisper-large|auto|" + java.util.Map.of().hashCode();
  }
}
