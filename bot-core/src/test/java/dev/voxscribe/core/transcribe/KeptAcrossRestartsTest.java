package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A "restart" here is a new stack and a new store over the same file, against the same stand-in:
 * what the first one learned must be found by the second from the file alone.
 */
class KeptAcrossRestartsTest {
  private static final byte[] AUDIO = {'O', 'g', 'g', 'S', 1, 2, 3};
  @TempDir Path dir;
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final AtomicInteger downloads = new AtomicInteger();

  @AfterEach
  void stop() {
    aiml.close();
  }

  private TranscriptionStack stack(SqliteStore store) {
    return TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
        TranscriptionOptions.of("#g1_whisper-large"), new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 8, 8),
        new CachePolicy(Duration.ofHours(1), 100), TranscriptionStack.fastPolls(Duration.ofSeconds(20)), store);
  }

  private TranscriptionRequest voiceNote(String fileUniqueId) {
    return TranscriptionRequest.builder(() -> {
      downloads.incrementAndGet();
      return CompletableFuture.completedFuture(new AudioSource.Bytes(AUDIO, "voice.ogg", "audio/ogg"));
    }).platformKey("telegram:" + fileUniqueId).declaredDuration(Duration.ofSeconds(3)).build();
  }

  @Test
  void aJobCreatedBeforeARestartIsPolledAgainNotPaidTwiceAndThenKept() throws Exception {
    aiml.script(JobScript.completes("Said once, paid once.").afterPolls(6));
    try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack first = stack(store)) {
      CompletableFuture<Transcript> lost = first.service().transcribe(voiceNote("U1"));
      Await.until("the first poll", () -> aiml.pollCount() >= 1);
      first.close(); // the process stops while the job is polled
      assertThat(lost).isCompletedExceptionally();
    }
    assertThat(aiml.createCount()).isEqualTo(1);
    downloads.set(0);

    try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack second = stack(store)) {
      Transcript t = second.service().transcribe(voiceNote("U1")).get(20, TimeUnit.SECONDS);
      assertThat(t.text()).isEqualTo("Said once, paid once.");
      assertThat(downloads).as("resumed by its platform key: no download").hasValue(0);
    }
    assertThat(aiml.createCount()).isEqualTo(1);

    int pollsBefore = aiml.pollCount();
    try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack third = stack(store)) {
      CompletableFuture<Transcript> forward = third.service().transcribe(voiceNote("U1"));
      assertThat(forward).as("a forward of it, answered from the store at once").isDone();
      assertThat(forward.get().text()).isEqualTo("Said once, paid once.");
      assertThat(downloads).hasValue(0);
      Transcript sameBytes = third.service().transcribe(voiceNote("U2-new-file-id")).get(20, TimeUnit.SECONDS);
      assertThat(sameBytes.text()).isEqualTo("Said once, paid once.");
      assertThat(downloads).as("a new file id is downloaded once, then found by its content").hasValue(1);
      assertThat(aiml.pollCount()).as("found in the store, not polled again").isEqualTo(pollsBefore);
    }
    assertThat(aiml.createCount()).isEqualTo(1);
  }

  @Test
  void aResultTheServiceLostGetsTheShortFailureAndIsNotStored() throws Exception {
    aiml.script(JobScript.neverFinishes());
    try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack first = stack(store)) {
      first.service().transcribe(voiceNote("U3"));
      Await.until("the first poll", () -> aiml.pollCount() >= 1);
    }
    aiml.generationIds().forEach(aiml::expire); // past the hour: polls get 404
    try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack second = stack(store)) {
      CompletableFuture<Transcript> lost = second.service().transcribe(voiceNote("U3"));
      try {
        lost.get(20, TimeUnit.SECONDS);
        throw new AssertionError("expected a failure");
      } catch (ExecutionException e) {
        assertThat(TranscriptionException.from(e.getCause()).kind()).isEqualTo(FailureKind.NOT_FOUND);
      }
      assertThat(store.transcripts().purge(java.time.Instant.now().plus(Duration.ofDays(1)))).isZero();
    }
    assertThat(aiml.createCount()).isEqualTo(1);
  }

  private TranscriptionRequest resumed(String fileUniqueId) {
    return TranscriptionRequest.builder(() -> {
      downloads.incrementAndGet();
      return CompletableFuture.completedFuture(new AudioSource.Bytes(AUDIO, "voice.ogg", "audio/ogg"));
    }).platformKey("telegram:" + fileUniqueId).declaredDuration(Duration.ofSeconds(3)).resumed(true).build();
  }

  private static void assertInterrupted(CompletableFuture<Transcript> job) throws Exception {
    try {
      job.get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected INTERRUPTED");
    } catch (ExecutionException e) {
      assertThat(TranscriptionException.from(e.getCause()).kind()).isEqualTo(FailureKind.INTERRUPTED);
    }
  }

  @Test
  void aCreateTakenWhoseAnswerNeverCameIsNotSentAgainForAResumedJobButIsForANewMessage() throws Exception {
    aiml.script(JobScript.completes("Sent again by hand.").afterPolls(1));
    aiml.takeAndHoldNextCreate();
    try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack first = stack(store)) {
      first.service().transcribe(voiceNote("U7"));
      Await.until("the create taken, its answer held", () -> aiml.createCount() == 1);
    }
    downloads.set(0);
    try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack second = stack(store)) {
      assertInterrupted(second.service().transcribe(resumed("U7")));
      assertThat(downloads).as("known by its platform key").hasValue(0);
      // A job that had joined it (the same bytes under another file id): found by its content.
      assertInterrupted(second.service().transcribe(resumed("U8")));
      assertThat(downloads).hasValue(1);
      assertThat(aiml.createCount()).isEqualTo(1);

      // The person sends it again: a new message, so it is created (and paid) again, knowingly.
      Transcript again = second.service().transcribe(voiceNote("U7")).get(20, TimeUnit.SECONDS);
      assertThat(again.text()).isEqualTo("Sent again by hand.");
      assertThat(aiml.createCount()).isEqualTo(2);
    }
  }
}
