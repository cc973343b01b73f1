package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create-then-poll over real HTTP: retries, backoff, deadline, typed outcomes. */
class PollingSpeechToTextTest {
  private static final AudioSource AUDIO = new AudioSource.Bytes(new byte[] {1, 2, 3}, "v.ogg", "audio/ogg");
  private static final TranscriptionOptions OPTIONS = TranscriptionOptions.of("#g1_whisper-large");

  private final FakeAimlApi fake = new FakeAimlApi();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService io = Executors.newFixedThreadPool(2);
  private final Metrics metrics = new Metrics();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    io.shutdownNow();
    fake.close();
  }

  private PollingSpeechToText runner(Duration jobTimeout) {
    PollPolicy policy = new PollPolicy(jobTimeout, Duration.ofMillis(10), Duration.ofMillis(50), 4,
        Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(10));
    return new PollingSpeechToText(new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), Clock.systemUTC()),
        scheduler, io, io, Clock.systemUTC(), policy, metrics, () -> 0.5);
  }

  private static Transcript await(CompletableFuture<Transcript> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  private static TranscriptionException failure(CompletableFuture<Transcript> f) {
    try {
      f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (TranscriptionException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void pollsUntilCompletedThenReturnsTheTranscript() throws Exception {
    fake.script(JobScript.completes("Done at last.").afterPolls(3));
    Transcript t = await(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(t.text()).isEqualTo("Done at last.");
    assertThat(t.model()).isEqualTo("#g1_whisper-large");
    assertThat(fake.pollCount()).isEqualTo(4);
    assertThat(metrics.polls()).isEqualTo(4);
    assertThat(metrics.creates()).isEqualTo(1);
  }

  /** Only the refusals that start nothing: 500, 502 and 504 are not sent again (CreateOnceTest). */
  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void refusedCreatesAreRetriedWithBackoff(int status) throws Exception {
    fake.failNext(Endpoint.CREATE, status);
    fake.failNext(Endpoint.CREATE, status);
    Transcript t = await(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(t.text()).isNotEmpty();
    assertThat(fake.createCount()).isEqualTo(1);
    assertThat(fake.requestCount()).isEqualTo(2 + 1 + fake.pollCount());
  }

  @Test
  void retryAfterZeroIsHonouredAndTheJobGoesOn() throws Exception {
    fake.failNext(Endpoint.CREATE, 429, Duration.ZERO);
    assertThat(await(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty())).text()).isNotEmpty();
  }

  @Test
  void aRetryAfterPastTheDeadlineFailsAtOnceInsteadOfWaiting() {
    fake.failNext(Endpoint.CREATE, 429, Duration.ofSeconds(120));
    // failure() waits 20 s at most: a runner sleeping out the 120 s would fail this test
    TranscriptionException e = failure(runner(Duration.ofSeconds(60)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void everyCreateAttemptOfAJobCarriesTheSameRequestId() throws Exception {
    fake.failNext(Endpoint.CREATE, 503);
    await(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(fake.requestHeaders().stream().filter(h -> h.startsWith("POST"))
        .map(h -> h.lines().filter(l -> l.startsWith("X-Client-Request-Id")).findFirst().orElse("none")).distinct())
        .hasSize(1).first().asString().startsWith("X-Client-Request-Id");
  }

  @Test
  void shutdownFailsJobsThatAreStillWaiting() {
    fake.script(JobScript.neverFinishes());
    PollingSpeechToText runner = runner(Duration.ofSeconds(30));
    CompletableFuture<Transcript> job = runner.transcribe(AUDIO, OPTIONS, Optional.empty());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.createCount() < 1 && System.nanoTime() < deadline) Thread.onSpinWait();
    runner.shutdown();
    assertThat(failure(job).getMessage()).isEqualTo("shutting down");
  }

  @Test
  void aConnectionLostMidPollIsRetried() throws Exception {
    fake.script(JobScript.completes("ok").afterPolls(1));
    fake.disconnectNext(Endpoint.POLL);
    assertThat(await(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty())).text()).isEqualTo("ok");
    assertThat(fake.createCount()).isEqualTo(1);
  }

  @Test
  void pollFailuresAreRetriedToo() throws Exception {
    fake.script(JobScript.completes("ok").afterPolls(1));
    fake.failNext(Endpoint.POLL, 503);
    fake.failNext(Endpoint.POLL, 429);
    assertThat(await(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty())).text()).isEqualTo("ok");
  }

  @Test
  void retriesAreBounded() {
    for (int i = 0; i < 10; i++) fake.failNext(Endpoint.CREATE, 503);
    TranscriptionException e = failure(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_ERROR);
    assertThat(fake.requestCount()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403})
  void clientErrorsAreNeverRetried(int status) {
    fake.failNext(Endpoint.CREATE, status);
    TranscriptionException e = failure(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isIn(FailureKind.BAD_REQUEST, FailureKind.REJECTED_KEY, FailureKind.OUT_OF_CREDITS);
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void failedJobFailsWithTheServiceMessage() {
    fake.script(JobScript.fails("Unsupported audio codec"));
    TranscriptionException e = failure(runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.JOB_FAILED);
    assertThat(e.getMessage()).contains("Unsupported audio codec");
  }

  @Test
  void expiredGenerationFailsAsNotFound() {
    fake.script(JobScript.neverFinishes());
    CompletableFuture<Transcript> job = runner(Duration.ofSeconds(20)).transcribe(AUDIO, OPTIONS, Optional.empty());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.createCount() < 1 && System.nanoTime() < deadline) Thread.onSpinWait();
    fake.expire(fake.generationIds().get(0)); // the service forgets results an hour after creation
    TranscriptionException e = failure(job);
    assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND);
  }

  @Test
  void givesUpAtTheDeadline() {
    fake.script(JobScript.neverFinishes());
    TranscriptionException e = failure(runner(Duration.ofMillis(300)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.DEADLINE);
    assertThat(fake.pollCount()).isGreaterThan(1);
  }

  @Test
  void aPollStillHangingAtTheDeadlineIsADeadlineNotAServiceFault() {
    // What made givesUpAtTheDeadline flaky on a loaded machine: the last poll is sent with the time left as its
    // timeout, and its timing out is the job being late, not the service failing.
    fake.script(JobScript.neverFinishes());
    for (int i = 0; i < 10; i++) fake.hangNext(Endpoint.POLL);
    TranscriptionException e = failure(runner(Duration.ofMillis(300)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.DEADLINE);
    assertThat(e.getMessage()).contains("not final within").contains("last poll");
  }

  @Test
  void waitingJobsHoldNoThread() throws Exception {
    fake.script(JobScript.neverFinishes());
    PollingSpeechToText runner = runner(Duration.ofSeconds(30));
    List<CompletableFuture<Transcript>> jobs = new ArrayList<>();
    for (int i = 0; i < 200; i++) jobs.add(runner.transcribe(AUDIO, OPTIONS, Optional.empty()));
    // every job is created and parked between polls, yet only the two I/O threads and one scheduler exist
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.createCount() < 200 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(fake.createCount()).isEqualTo(200);
    assertThat(jobs).noneMatch(CompletableFuture::isDone);
    assertThat(((java.util.concurrent.ThreadPoolExecutor) io).getPoolSize()).isLessThanOrEqualTo(2);
    jobs.forEach(j -> j.cancel(true));
  }
}
