package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.time.ManualClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A create costs credits, so it is sent again only when the service surely did not take it; and
 * the job timeout bounds every request, a hung one included. Over real HTTP against the stand-in.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CreateOnceTest {
  private static final AudioSource AUDIO = new AudioSource.Bytes(new byte[] {'O', 'g', 'g', 'S', 1, 2, 3}, "v.ogg", "audio/ogg");
  private static final TranscriptionOptions OPTIONS = TranscriptionOptions.of("#g1_whisper-large");

  private final FakeAimlApi fake = new FakeAimlApi();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService io = Executors.newFixedThreadPool(2);
  private final Metrics metrics = new Metrics();
  private final List<AimlSpeechApi> apis = new ArrayList<>();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    io.shutdownNow();
    apis.forEach(AimlSpeechApi::close);
    fake.close();
  }

  private AimlSpeechApi api(String baseUrl) {
    AimlSpeechApi api = new AimlSpeechApi(new AimlApiSettings(URI.create(baseUrl), fake.apiKey()), Clock.systemUTC());
    apis.add(api);
    return api;
  }

  private PollingSpeechToText runner(Duration jobTimeout, Clock clock, java.util.concurrent.Executor createIo) {
    PollPolicy policy = new PollPolicy(jobTimeout, Duration.ofMillis(10), Duration.ofMillis(50), 4,
        Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(10));
    return new PollingSpeechToText(api(fake.baseUrl()), scheduler, createIo, io, clock, policy, metrics, () -> 0.5);
  }

  private PollingSpeechToText runner(Duration jobTimeout) {
    return runner(jobTimeout, Clock.systemUTC(), io);
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

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 504})
  void aCreateAnsweredWithAServerErrorIsNotSentAgain(int status) {
    fake.failNext(Endpoint.CREATE, status);
    TranscriptionException e = failure(runner(Duration.ofSeconds(10)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_ERROR);
    assertThat(e.httpStatus()).hasValue(status);
    assertThat(fake.createRequests()).isEqualTo(1);
  }

  @Test
  void aCreateWhoseConnectionIsLostMidRequestIsNotSentAgain() {
    fake.disconnectNext(Endpoint.CREATE);
    TranscriptionException e = failure(runner(Duration.ofSeconds(10)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_ERROR);
    assertThat(e.getMessage()).contains("lost its connection");
    assertThat(fake.createRequests()).isEqualTo(1);
  }

  @Test
  void anEmpty200IsNamedAndNotSentAgain() {
    fake.answerNext(Endpoint.CREATE, 200, "");
    TranscriptionException e = failure(runner(Duration.ofSeconds(10)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_ERROR);
    assertThat(e.getMessage()).isEqualTo("AI/ML API create answered HTTP 200 with an unreadable body (0 bytes)");
    assertThat(fake.createRequests()).isEqualTo(1);
  }

  @Test
  void garbageIsNamedWithItsSizeAndAGarbledPollIsRetried() throws Exception {
    String html = "<html><body>502 Bad Gateway</body></html>";
    fake.answerNext(Endpoint.CREATE, 201, html);
    TranscriptionException e = failure(runner(Duration.ofSeconds(10)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.getMessage()).isEqualTo("AI/ML API create answered HTTP 201 with an unreadable body (" + html.length() + " bytes)");
    assertThat(fake.createRequests()).isEqualTo(1);

    fake.script(JobScript.completes("after the garbage").afterPolls(0));
    fake.answerNext(Endpoint.POLL, 200, "{\"status\":");
    Transcript t = runner(Duration.ofSeconds(10)).transcribe(AUDIO, OPTIONS, Optional.empty()).get(20, TimeUnit.SECONDS);
    assertThat(t.text()).isEqualTo("after the garbage");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {429, 503})
  void aCreateRefusedWith429Or503IsSentAgainWithTheSameRequestId(int status) throws Exception {
    fake.script(JobScript.completes("second time lucky"));
    fake.failNext(Endpoint.CREATE, status, Duration.ZERO);
    Transcript t = runner(Duration.ofSeconds(10)).transcribe(AUDIO, OPTIONS, Optional.empty()).get(20, TimeUnit.SECONDS);
    assertThat(t.text()).isEqualTo("second time lucky");
    assertThat(fake.createRequests()).isEqualTo(2);
    List<String> ids = fake.requestHeaders().stream().filter(h -> h.startsWith("POST /v1/stt/create"))
        .map(h -> h.lines().filter(l -> l.startsWith("X-Client-Request-Id:")).findFirst().orElse("none")).toList();
    assertThat(ids).hasSize(2).doesNotContain("none");
    assertThat(ids.get(0)).isEqualTo(ids.get(1));
  }

  @Test
  void aCreateThatCannotConnectIsSentAgainAndThenCalledUnreachable() {
    String gone = fake.baseUrl();
    fake.close();
    PollPolicy policy = new PollPolicy(Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(50), 3,
        Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(10));
    PollingSpeechToText stt = new PollingSpeechToText(api(gone), scheduler, io, io, Clock.systemUTC(), policy, metrics, () -> 0.5);
    TranscriptionException e = failure(stt.transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT);
    assertThat(e.getMessage()).contains("could not connect");
    assertThat(metrics.creates()).as("attempts").isEqualTo(3);
  }

  @Test
  void aHungCreateEndsAtTheJobTimeoutAndIsNotSentAgain() {
    fake.hangNext(Endpoint.CREATE);
    TranscriptionException e = failure(runner(Duration.ofSeconds(1)).transcribe(AUDIO, OPTIONS, Optional.empty()));
    assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_ERROR);
    assertThat(e.getMessage()).contains("did not answer");
    assertThat(fake.createRequests()).isEqualTo(1);
  }

  @Test
  void eightHungCreatesDoNotHoldUpANinthJob() throws Exception {
    PollingSpeechToText stt = runner(Duration.ofSeconds(3));
    List<CompletableFuture<Transcript>> hung = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      fake.hangNext(Endpoint.CREATE);
      hung.add(stt.transcribe(AUDIO, OPTIONS, Optional.empty()));
    }
    while (fake.createRequests() < 8) Thread.onSpinWait();
    fake.script(JobScript.completes("not held up"));
    CompletableFuture<Transcript> ninth = stt.transcribe(AUDIO, OPTIONS, Optional.empty());

    assertThat(ninth.get(20, TimeUnit.SECONDS).text()).isEqualTo("not held up");
    assertThat(hung).as("the hung ones are still waiting when the ninth is answered").noneMatch(CompletableFuture::isDone);
    for (CompletableFuture<Transcript> h : hung) assertThat(failure(h).kind()).isEqualTo(FailureKind.SERVICE_ERROR);
    assertThat(fake.createRequests()).isEqualTo(9);
  }

  @Test
  void aJobWhoseDeadlinePassedBeforeItsCreateWentOutIsNeverCreated() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
    PollingSpeechToText stt = runner(Duration.ofSeconds(5), clock, held::add);
    CompletableFuture<Transcript> job = stt.transcribe(AUDIO, OPTIONS, Optional.empty());
    clock.advance(Duration.ofSeconds(6));
    held.forEach(Runnable::run);

    TranscriptionException e = failure(job);
    assertThat(e.kind()).isEqualTo(FailureKind.DEADLINE);
    assertThat(e.getMessage()).contains("nothing was spent");
    assertThat(fake.createRequests()).isZero();
  }
}
