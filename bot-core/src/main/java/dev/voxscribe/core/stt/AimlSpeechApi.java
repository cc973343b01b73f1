package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import feign.Feign;
import feign.FeignException;
import feign.Logger;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import feign.codec.DecodeException;
import feign.form.FormData;
import feign.form.FormEncoder;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import feign.slf4j.Slf4jLogger;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** The AI/ML API over HTTP with Feign: one request per call, failures typed, no retries here. */
public final class AimlSpeechApi implements SpeechApi, AutoCloseable {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(AimlSpeechApi.class);
  /** The JDK client's own completion work is short and non-blocking: two threads suffice. */
  private static final int HTTP_THREADS = 2;

  private final AimlFeign feign;
  private final ExecutorService httpExecutor;

  public AimlSpeechApi(AimlApiSettings settings, Clock clock) {
    ObjectMapper mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    boolean tls = "https".equalsIgnoreCase(settings.baseUrl().getScheme());
    // Bounded: the JDK default is a cached pool that grows a thread per concurrent exchange.
    AtomicInteger n = new AtomicInteger();
    this.httpExecutor = Executors.newFixedThreadPool(HTTP_THREADS, r -> {
      Thread t = new Thread(r, "voxscribe-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpClient http =
        HttpClient.newBuilder()
            .executor(httpExecutor)
            .connectTimeout(settings.connectTimeout())
            // Never: the JDK client would carry the Authorization header to whatever host a redirect names.
            .followRedirects(HttpClient.Redirect.NEVER)
            // h2 only where TLS negotiates it; plain-text HTTP/2 upgrade attempts confuse some proxies.
            .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .build();
    String key = settings.apiKey();
    this.feign =
        Feign.builder()
            .client(new Http2Client(http))
            .encoder(new FormEncoder(new JacksonEncoder(mapper)))
            .decoder(new JacksonDecoder(mapper))
            .errorDecoder(new AimlErrorDecoder(mapper, clock))
            .retryer(Retryer.NEVER_RETRY) // retries are scheduled by the job runner, never slept on a thread
            .options(
                new Request.Options(
                    settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS,
                    settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS,
                    false)) // must match the client's policy, or Feign builds a second client that follows redirects
            .requestInterceptor(template -> template.header("Authorization", "Bearer " + key))
            // Level NONE: Feign's HEADERS level would print the Authorization header.
            .logger(new Slf4jLogger(AimlFeign.class))
            .logLevel(Logger.Level.NONE)
            .target(AimlFeign.class, settings.normalizedBase());
  }

  @Override
  public JobStatus create(AudioSource audio, TranscriptionOptions options, String requestId) {
    JsonNode answer =
        call("create", () -> audio instanceof AudioSource.Bytes bytes
            ? feign.createMultipart(requestId, multipart(bytes, options))
            : feign.createFromUrl(requestId, json((AudioSource.Remote) audio, options)));
    if (answer == null) {
      throw new TranscriptionException(FailureKind.SERVICE_ERROR, "AI/ML API create answered with an empty body");
    }
    String id =
        ResultParser.generationId(answer)
            .orElseThrow(
                () -> new TranscriptionException(
                    FailureKind.SERVICE_ERROR, "AI/ML API create answer has no generation_id"));
    log.debug("Created generation {} (request {}, model {})", id, requestId, options.model());
    JobStatus status = ResultParser.parse(answer, id, options.model());
    // A create answer is final only when it says so and carries the result; else "poll me".
    boolean carriesResult = answer.hasNonNull("result") || answer.hasNonNull("output");
    if (status instanceof JobStatus.Done && !carriesResult) return new JobStatus.Pending(id, "created");
    return answer.hasNonNull("status") ? status : new JobStatus.Pending(id, "created");
  }

  @Override
  public JobStatus fetch(String generationId) {
    JsonNode answer = call("poll", () -> feign.fetch(generationId));
    if (answer == null) return new JobStatus.Pending(generationId, "empty");
    return ResultParser.parse(answer, generationId, "");
  }

  @Override
  public void close() {
    httpExecutor.shutdownNow();
  }

  private static Map<String, ?> multipart(AudioSource.Bytes bytes, TranscriptionOptions options) {
    Map<String, Object> form = fields(options);
    form.put("audio", new FormData(bytes.contentType(), safeFilename(bytes.filename()), bytes.data()));
    return form;
  }

  private static Map<String, Object> json(AudioSource.Remote remote, TranscriptionOptions options) {
    Map<String, Object> body = fields(options);
    body.put("url", remote.url().toString());
    return body;
  }

  /** Pass-through parameters first, so they can never replace the model or the audio source. */
  private static Map<String, Object> fields(TranscriptionOptions options) {
    Map<String, Object> fields = new LinkedHashMap<>();
    options.parameters().forEach((k, v) -> {
      if (!RESERVED.contains(k)) fields.put(k, v);
    });
    fields.put("model", options.model());
    // AssemblyAI models name the parameter language_code (CONTRACT.md); the others language.
    options.language().ifPresent(l -> fields.put(options.model().startsWith("aai/") ? "language_code" : "language", l));
    return fields;
  }

  private static final java.util.Set<String> RESERVED = java.util.Set.of("model", "url", "audio", "file");

  /** Multipart headers are not the place for quotes, slashes or non-ASCII names. */
  static String safeFilename(String name) {
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.chars().allMatch(c -> c == '_' || c == '.') ? "audio" + extension(safe) : safe;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot) : "";
  }

  private interface Call {
    JsonNode run();
  }

  private static JsonNode call(String what, Call call) {
    try {
      return call.run();
    } catch (TranscriptionException e) {
      throw e;
    } catch (RetryableException e) {
      // Feign wraps I/O failures (refused, reset, timed out) as retryable.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new TranscriptionException(
          FailureKind.TRANSPORT, "AI/ML API " + what + " failed: " + cause.getClass().getSimpleName() + describe(cause), null);
    } catch (DecodeException e) {
      throw new TranscriptionException(
          FailureKind.SERVICE_ERROR, "AI/ML API " + what + " answered with unreadable JSON", null);
    } catch (FeignException e) {
      throw new TranscriptionException(
          FailureKind.SERVICE_ERROR, "AI/ML API " + what + " failed with HTTP " + e.status(), null);
    }
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? "" : " (" + m + ")";
  }
}
