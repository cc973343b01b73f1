package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.FakeAimlApi.Endpoint;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.aiml.Upload;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The client over real HTTP against the stand-in, through the real Feign encoder and decoder. */
class AimlSpeechApiTest {
  private final FakeAimlApi fake = new FakeAimlApi();
  private final AimlSpeechApi api = new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), Clock.systemUTC());
  private final byte[] ogg = {'O', 'g', 'g', 'S', 0, 1, 2, (byte) 0xff};

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void multipartCreateSendsModelFieldsAndTheAudioPart() {
    TranscriptionOptions options = new TranscriptionOptions("#g1_nova-2-general", Optional.of("de"),
        Map.of("smart_format", true, "diarize", false));
    JobStatus status = api.create(new AudioSource.Bytes(ogg, "voice.ogg", "audio/ogg"), options);

    assertThat(status).isInstanceOf(JobStatus.Pending.class);
    Upload upload = fake.uploads().get(0);
    assertThat(status.generationId()).isEqualTo(upload.generationId());
    assertThat(upload.model()).isEqualTo("#g1_nova-2-general");
    assertThat(upload.fields()).containsEntry("language", "de").containsEntry("smart_format", "true")
        .containsEntry("diarize", "false");
    assertThat(upload.filename()).contains("voice.ogg");
    assertThat(upload.contentType()).contains("audio/ogg");
    assertThat(upload.audio()).hasValueSatisfying(b -> assertThat(b).isEqualTo(ogg));
    assertThat(upload.clientRequestId()).hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9._:-]{1,128}"));
  }

  @Test
  void unsafeFileNamesAreMadeSafeForTheMultipartHeader() {
    api.create(new AudioSource.Bytes(ogg, "Sprachnachricht \"Müller\".ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large"));
    assertThat(fake.uploads().get(0).filename()).contains("Sprachnachricht__M_ller_.ogg");
  }

  @Test
  void assemblyAiGetsLanguageCodeAndParamsCannotReplaceTheModel() {
    TranscriptionOptions options = new TranscriptionOptions("aai/universal", Optional.of("de"),
        Map.of("model", "#g1_whisper-tiny", "speaker_labels", true));
    api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), options, "job-1");
    Upload upload = fake.uploads().get(0);
    assertThat(upload.model()).isEqualTo("aai/universal");
    assertThat(upload.fields()).containsEntry("language_code", "de").doesNotContainKey("language")
        .containsEntry("speaker_labels", "true");
    assertThat(upload.clientRequestId()).contains("job-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"completed", "queued"})
  void aCreateAnswerWithAStatusButNoResultIsPolled(String status) {
    fake.createAnswersWithStatus(status);
    fake.script(JobScript.completes("polled anyway").shape(JobScript.Shape.TEXT));
    JobStatus created = api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("openai/gpt-4o-transcribe"));
    assertThat(created).isInstanceOf(JobStatus.Pending.class);
    assertThat(((JobStatus.Done) api.fetch(created.generationId())).transcript().text()).isEqualTo("polled anyway");
  }

  @Test
  void redirectsAreNotFollowedSoTheKeyStaysWithTheService() {
    try (FakeAimlApi elsewhere = new FakeAimlApi()) {
      fake.redirectNext(Endpoint.CREATE, elsewhere.baseUrl() + "/v1/stt/create");
      assertThatThrownBy(() -> api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")))
          .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.httpStatus()).hasValue(302));
      assertThat(elsewhere.requestCount()).isZero();
    }
  }

  @Test
  void urlCreateSendsJsonWithTheUrl() {
    api.create(new AudioSource.Remote(URI.create("https://example.com/a.mp3")), TranscriptionOptions.of("#g1_whisper-base"));
    Upload upload = fake.uploads().get(0);
    assertThat(upload.isMultipart()).isFalse();
    assertThat(upload.url()).contains("https://example.com/a.mp3");
    assertThat(upload.model()).isEqualTo("#g1_whisper-base");
    assertThat(upload.fields()).doesNotContainKey("language");
  }

  @Test
  void baseUrlWithTrailingV1StillReachesTheService() {
    AimlSpeechApi slashV1 = new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl() + "/v1/"), fake.apiKey()), Clock.systemUTC());
    slashV1.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large"));
    assertThat(fake.createCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"DEEPGRAM, en", "ASSEMBLYAI, en_us", "TEXT, ", "OUTPUT_ENVELOPE, "})
  void everyResultShapeGivesTheTranscript(JobScript.Shape shape, String language) {
    fake.script(JobScript.completes("Guten Tag, wie geht's?").shape(shape));
    String id = api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")).generationId();
    JobStatus status = api.fetch(id);
    assertThat(status).isInstanceOf(JobStatus.Done.class);
    Transcript t = ((JobStatus.Done) status).transcript();
    assertThat(t.text()).isEqualTo("Guten Tag, wie geht's?");
    assertThat(t.generationId()).isEqualTo(id);
    assertThat(t.language()).isEqualTo(Optional.ofNullable(language));
    if (shape == JobScript.Shape.DEEPGRAM || shape == JobScript.Shape.ASSEMBLYAI) {
      assertThat(t.words()).hasSize(4);
      assertThat(t.words().get(1).text()).isEqualTo("Tag,");
      assertThat(t.words().get(1).start()).isEqualTo(Duration.ofMillis(500));
      assertThat(t.audioDuration()).isPresent();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"waiting", "queued", "active", "generating", "processing", "pending", "something-new"})
  void everyPendingWordAndUnknownOnesArePending(String word) {
    fake.script(JobScript.completes("x").afterPolls(1).pendingStatus(word));
    String id = api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")).generationId();
    assertThat(api.fetch(id)).isEqualTo(new JobStatus.Pending(id, word));
    assertThat(api.fetch(id)).isInstanceOf(JobStatus.Done.class);
  }

  @Test
  void failedJobCarriesTheServiceMessage() {
    fake.script(JobScript.fails("Audio could not be decoded"));
    String id = api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")).generationId();
    assertThat(api.fetch(id)).isEqualTo(new JobStatus.Failed(id, "failed", "Audio could not be decoded"));
  }

  @ParameterizedTest
  @CsvSource({
    "400, BAD_REQUEST", "401, REJECTED_KEY", "403, OUT_OF_CREDITS", "404, NOT_FOUND", "429, RATE_LIMITED",
    "500, SERVICE_ERROR", "502, SERVICE_ERROR", "503, SERVICE_ERROR", "504, SERVICE_ERROR"})
  void everyErrorCodeIsTyped(int status, FailureKind kind) {
    fake.failNext(Endpoint.CREATE, status);
    assertThatThrownBy(() -> api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.httpStatus()).hasValue(status);
        });
  }

  @Test
  void outOfCreditsMessageIsReadFromTheProblemEnvelope() {
    fake.creditsExhausted(true);
    assertThatThrownBy(() -> api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.OUT_OF_CREDITS);
          assertThat(e.getMessage()).contains("run out of credits");
        });
  }

  @Test
  void wrongKeyIsRejectedAndTheKeyIsNotInTheMessage() {
    AimlSpeechApi wrong = new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), "sk-wrong-secret-key"), Clock.systemUTC());
    assertThatThrownBy(() -> wrong.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.REJECTED_KEY);
          assertThat(e.getMessage()).doesNotContain("sk-wrong-secret-key");
        });
  }

  @Test
  void unknownModelIsABadRequestWithTheValidationMessage() {
    assertThatThrownBy(() -> api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("no-such-model")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.BAD_REQUEST);
          assertThat(e.getMessage()).contains("Body validation error!");
        });
  }

  @Test
  void retryAfterHeaderIsRead() {
    fake.failNext(Endpoint.CREATE, 429, Duration.ofSeconds(7));
    assertThatThrownBy(() -> api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
  }

  @Test
  void expiredGenerationIsNotFound() {
    String id = api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")).generationId();
    fake.expire(id);
    assertThatThrownBy(() -> api.fetch(id))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
  }

  @Test
  void aConnectionLostAfterTheRequestWentOutMayHaveReachedTheService() {
    fake.disconnectNext(Endpoint.CREATE);
    assertThatThrownBy(() -> api.create(new AudioSource.Bytes(ogg, "v.ogg", "audio/ogg"), TranscriptionOptions.of("#g1_whisper-large")))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_ERROR));
  }

  @Test
  void refusedConnectionIsATransportFailure() {
    int port = fake.baseUrl().lastIndexOf(':');
    fake.close();
    AimlSpeechApi gone = new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), "k"), Clock.systemUTC());
    assertThat(port).isPositive();
    assertThatThrownBy(() -> gone.fetch("x"))
        .isInstanceOfSatisfying(TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSPORT));
  }

  /**
   * Until the note is written the service holds part of a request at most: a note that never
   * comes leaves the create unsent at the stand-in (it takes a request only when read to its end).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aCreateIsWholeAtTheServiceOnlyOnceTheNoteBeforeItsLastBytesIsDone(boolean upload) throws Exception {
    AudioSource audio = upload ? new AudioSource.Bytes(new byte[256 << 10], "v.ogg", "audio/ogg")
        : new AudioSource.Remote(URI.create("https://example.com/a.mp3"));
    java.util.concurrent.atomic.AtomicInteger notes = new java.util.concurrent.atomic.AtomicInteger();
    var never = api.createAsync(audio, TranscriptionOptions.of("#g1_whisper-base"), "r-1", Duration.ofSeconds(2),
        () -> {
          notes.incrementAndGet();
          return new java.util.concurrent.CompletableFuture<Void>();
        });
    assertThat(never).failsWithin(Duration.ofSeconds(30));
    assertThat(notes).hasValue(1);
    assertThat(fake.createRequests()).as("no create reached the stand-in whole").isZero();

    java.util.concurrent.CompletableFuture<Void> note = new java.util.concurrent.CompletableFuture<>();
    var created = api.createAsync(audio, TranscriptionOptions.of("#g1_whisper-base"), "r-2", Duration.ofSeconds(30),
        () -> note);
    note.complete(null);
    assertThat(created.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(JobStatus.Pending.class);
    assertThat(fake.createCount()).isEqualTo(1);
    Upload u = fake.uploads().get(0);
    if (upload) assertThat(u.audio()).hasValueSatisfying(b -> assertThat(b).hasSize(256 << 10));
    else assertThat(u.url()).contains("https://example.com/a.mp3");
  }
}
