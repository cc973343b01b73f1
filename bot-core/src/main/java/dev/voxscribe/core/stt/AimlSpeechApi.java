package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.spend.CostBook;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI/ML API over the JDK's HTTP client, asynchronously: a request in flight holds no thread, an
 * upload streams its audio (from a file, with fixed buffers), and every request has its own timeout
 * (the job's time left) over a short connect timeout. Failures are typed so the caller knows whether
 * a create may have reached the service: see {@link SpeechApi#createAsync}.
 *
 * <p>Not Feign (which the project used before): Feign's request bodies are byte arrays, so an upload
 * would sit whole in the heap, and its asynchronous client reads answers through a blocking stream
 * that a service hanging mid-answer holds for ever.
 */
public final class AimlSpeechApi implements SpeechApi, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AimlSpeechApi.class);
  /** Answers are small JSON; one with every word of a 20-minute recording stays well below this. */
  static final int MAX_ANSWER = 16 << 20;
  private static final Set<String> RESERVED = Set.of("model", "url", "audio", "file");

  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final ObjectMapper mapper;
  private final AimlErrorDecoder errors;
  private final URI create;
  private final String pollBase;
  private final String authorization;
  private final Duration requestTimeout;
  private final CostRecorder costs;

  public AimlSpeechApi(AimlApiSettings settings, Clock clock) {
    this(settings, clock, new CostBook());
  }

  /** @param costs where the cost headers of every answer are booked, per generation */
  public AimlSpeechApi(AimlApiSettings settings, Clock clock, CostBook costs) {
    this.costs = new CostRecorder(costs);
    this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.errors = new AimlErrorDecoder(mapper, clock);
    boolean tls = "https".equalsIgnoreCase(settings.baseUrl().getScheme());
    this.httpExecutor = HttpThreads.create("voxscribe-http");
    this.http = HttpClient.newBuilder()
        .executor(httpExecutor)
        .connectTimeout(settings.connectTimeout())
        // Never: the JDK client would carry the Authorization header to whatever host a redirect names.
        .followRedirects(HttpClient.Redirect.NEVER)
        // h2 only where TLS negotiates it; plain-text HTTP/2 upgrade attempts confuse some proxies.
        .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .build();
    String base = settings.normalizedBase();
    this.create = URI.create(base + "/v1/stt/create");
    this.pollBase = base + "/v1/stt/";
    this.authorization = "Bearer " + settings.apiKey();
    this.requestTimeout = settings.requestTimeout();
  }

  @Override
  public CompletableFuture<JobStatus> createAsync(AudioSource audio, TranscriptionOptions options, String requestId,
      Duration timeout) {
    return createAsync(audio, options, requestId, timeout, () -> CompletableFuture.completedFuture(null));
  }

  /**
   * The request's last bytes (the multipart body's closing boundary, the JSON body's closing brace)
   * go out only once {@code whole}'s stage completes: with a Content-Length the service cannot take a
   * request it has not read to its end.
   */
  @Override
  public CompletableFuture<JobStatus> createAsync(AudioSource audio, TranscriptionOptions options, String requestId,
      Duration timeout, Supplier<? extends CompletionStage<?>> whole) {
    HttpRequest.Builder request = HttpRequest.newBuilder(create)
        .header("Authorization", authorization)
        .header("X-Client-Request-Id", requestId)
        .header("Accept", "application/json");
    try {
      if (audio instanceof AudioSource.Remote remote) {
        Map<String, Object> body = fields(options);
        body.put("url", remote.url().toString());
        byte[] json = mapper.writeValueAsBytes(body);
        request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.concat(
            HttpRequest.BodyPublishers.ofByteArray(json, 0, json.length - 1),
            new HeldBack(java.util.Arrays.copyOfRange(json, json.length - 1, json.length), whole)));
      } else {
        Multipart form = Multipart.of(fields(options), audio, whole);
        request.header("Content-Type", form.contentType()).POST(form.publisher());
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.BAD_REQUEST,
          "the audio could not be read for upload: " + e.getClass().getSimpleName()));
    }
    return send("create", request, timeout).thenApply(answer -> created(answer, options, requestId));
  }

  @Override
  public CompletableFuture<JobStatus> fetchAsync(String generationId, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pollBase + encode(generationId)))
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .GET();
    return send("poll", request, timeout).thenApply(answer -> ResultParser.parse(answer, generationId, ""));
  }

  @Override
  public JobStatus create(AudioSource audio, TranscriptionOptions options, String requestId) {
    return SpeechApiCalls.await(createAsync(audio, options, requestId, requestTimeout));
  }

  @Override
  public JobStatus fetch(String generationId) {
    return SpeechApiCalls.await(fetchAsync(generationId, requestTimeout));
  }

  private JobStatus created(JsonNode answer, TranscriptionOptions options, String requestId) {
    String id = ResultParser.generationId(answer).orElseThrow(() -> new TranscriptionException(
        FailureKind.SERVICE_ERROR, "AI/ML API create answer has no generation_id", java.util.OptionalInt.of(200),
        java.util.Optional.empty(), null));
    log.debug("Created generation {} (request {}, model {})", id, requestId, options.model());
    JobStatus status = ResultParser.parse(answer, id, options.model());
    // A create answer is final only when it says so and carries the result; else "poll me".
    boolean carriesResult = answer.hasNonNull("result") || answer.hasNonNull("output");
    if (status instanceof JobStatus.Done && !carriesResult) return new JobStatus.Pending(id, "created");
    return answer.hasNonNull("status") ? status : new JobStatus.Pending(id, "created");
  }

  /**
   * Sends the request with {@code timeout} for the whole exchange (a hang after the headers too):
   * the exchange is cancelled when it runs out, which the JDK client turns into closing the stream.
   */
  private CompletableFuture<JsonNode> send(String what, HttpRequest.Builder builder, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.DEADLINE,
          "AI/ML API " + what + " not sent: no time left"));
    }
    HttpRequest request = builder.timeout(timeout).build();
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      exchange = http.sendAsync(request, capped());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.TRANSPORT,
          "AI/ML API " + what + " could not be sent: " + e.getClass().getSimpleName(), null));
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture.runAsync(() -> {
      if (!exchange.isDone() && timedOut.compareAndSet(false, true)) exchange.cancel(true);
    }, CompletableFuture.delayedExecutor(timeout.toMillis() + 50, TimeUnit.MILLISECONDS));
    return exchange.handle((response, error) -> {
      if (error != null) throw failure(what, error, timeout, timedOut.get());
      return answer(what, response);
    });
  }

  private JsonNode answer(String what, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    byte[] body = response.body() == null ? new byte[0] : response.body();
    if (status / 100 != 2) {
      throw errors.decode(what, status, response.headers().allValues("Retry-After"), body);
    }
    try {
      JsonNode json = body.length == 0 ? null : mapper.readTree(body);
      if (json != null && json.isObject()) {
        costs.record(name -> response.headers().firstValue(name), json, response.request().uri());
        return json;
      }
    } catch (IOException e) {
      // named below
    }
    throw new TranscriptionException(FailureKind.SERVICE_ERROR,
        "AI/ML API " + what + " answered HTTP " + status + " with an unreadable body (" + body.length + " bytes)",
        java.util.OptionalInt.of(status), java.util.Optional.empty(), null);
  }

  /**
   * A failed exchange, typed by whether the request can have reached the service: only a connection
   * that failed before anything was sent is {@code TRANSPORT} (safe to send again).
   */
  private static TranscriptionException failure(String what, Throwable error, Duration timeout, boolean timedOut) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TranscriptionException te) return te;
    String prefix = "AI/ML API " + what + " ";
    if (timedOut || cause instanceof CancellationException
        || (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException))) {
      return new TranscriptionException(FailureKind.SERVICE_ERROR, prefix + (timedOut
          ? "did not answer within " + timeout.toMillis() + " ms (the job's time left)"
          : "did not answer in time: " + cause.getClass().getSimpleName() + describe(cause)), null);
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException || t instanceof UnknownHostException
          || t instanceof UnresolvedAddressException) {
        return new TranscriptionException(FailureKind.TRANSPORT,
            prefix + "could not connect: " + t.getClass().getSimpleName() + describe(t), null);
      }
    }
    return new TranscriptionException(FailureKind.SERVICE_ERROR,
        prefix + "lost its connection before the answer: " + cause.getClass().getSimpleName() + describe(cause), null);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? "" : " (" + m + ")";
  }

  /** The body as bytes, refused past {@link #MAX_ANSWER} so an endless answer cannot fill the heap. */
  private static HttpResponse.BodyHandler<byte[]> capped() {
    return info -> new CappedBody(HttpResponse.BodySubscribers.ofByteArray());
  }

  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final HttpResponse.BodySubscriber<byte[]> inner;
    private long received;
    private Flow.Subscription subscription;

    CappedBody(HttpResponse.BodySubscriber<byte[]> inner) {
      this.inner = inner;
    }

    @Override public CompletionStage<byte[]> getBody() { return inner.getBody(); }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      inner.onSubscribe(s);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) received += b.remaining();
      if (received > MAX_ANSWER) {
        subscription.cancel();
        inner.onError(new IOException("answer over " + MAX_ANSWER + " bytes"));
        return;
      }
      inner.onNext(items);
    }

    @Override public void onError(Throwable t) { inner.onError(t); }
    @Override public void onComplete() { inner.onComplete(); }
  }

  /**
   * The last bytes of a create, published only once the stage of {@code whole} completes (failed:
   * the body fails, so the request is never whole and the service never takes it).
   */
  static final class HeldBack implements HttpRequest.BodyPublisher {
    private final byte[] bytes;
    private final Supplier<? extends CompletionStage<?>> whole;

    HeldBack(byte[] bytes, Supplier<? extends CompletionStage<?>> whole) {
      this.bytes = bytes;
      this.whole = whole;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      AtomicBoolean asked = new AtomicBoolean();
      AtomicBoolean cancelled = new AtomicBoolean();
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          if (!asked.compareAndSet(false, true)) return;
          if (n <= 0) {
            subscriber.onError(new IllegalArgumentException("request(" + n + ")"));
            return;
          }
          CompletionStage<?> ready;
          try {
            ready = whole.get();
          } catch (RuntimeException e) {
            ready = CompletableFuture.failedFuture(e);
          }
          ready.whenComplete((ok, e) -> {
            if (cancelled.get()) return;
            if (e != null) {
              subscriber.onError(new IOException("the create's last bytes were held back: " + e));
              return;
            }
            subscriber.onNext(ByteBuffer.wrap(bytes));
            subscriber.onComplete();
          });
        }

        @Override
        public void cancel() {
          cancelled.set(true);
        }
      });
    }
  }

  @Override
  public void close() {
    httpExecutor.shutdownNow();
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

  private static String encode(String generationId) {
    return java.net.URLEncoder.encode(generationId, StandardCharsets.UTF_8).replace("+", "%20");
  }

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

  /** A {@code multipart/form-data} body streamed from its parts: the audio is never copied into one array. */
  private record Multipart(String boundary, HttpRequest.BodyPublisher publisher) {
    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    static Multipart of(Map<String, Object> fields, AudioSource audio, Supplier<? extends CompletionStage<?>> whole)
        throws IOException {
      String boundary = "voxscribe-" + UUID.randomUUID();
      StringBuilder head = new StringBuilder();
      fields.forEach((name, value) -> {
        for (String v : values(value)) {
          head.append("--").append(boundary).append("\r\n")
              .append("Content-Disposition: form-data; name=\"").append(headerSafe(name)).append("\"\r\n\r\n")
              .append(v).append("\r\n");
        }
      });
      String filename;
      String contentType;
      HttpRequest.BodyPublisher data;
      if (audio instanceof AudioSource.Bytes bytes) {
        filename = bytes.filename();
        contentType = bytes.contentType();
        data = HttpRequest.BodyPublishers.ofByteArray(bytes.data());
      } else if (audio instanceof AudioSource.Spooled spooled) {
        filename = spooled.filename();
        contentType = spooled.contentType();
        data = HttpRequest.BodyPublishers.ofFile(spooled.file());
      } else {
        throw new IllegalArgumentException("not an upload: " + audio);
      }
      head.append("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"audio\"; filename=\"").append(safeFilename(filename)).append("\"\r\n")
          .append("Content-Type: ").append(headerSafe(contentType)).append("\r\n\r\n");
      String tail = "\r\n--" + boundary + "--\r\n";
      return new Multipart(boundary, HttpRequest.BodyPublishers.concat(
          HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
          data,
          new HeldBack(tail.getBytes(StandardCharsets.UTF_8), whole)));
    }

    /** A list gives the field once per element (as form encoders do); anything else its text. */
    private static List<String> values(Object value) {
      List<String> out = new ArrayList<>();
      if (value instanceof Collection<?> c) c.forEach(v -> out.add(String.valueOf(v)));
      else out.add(String.valueOf(value));
      return out;
    }

    private static String headerSafe(String s) {
      return s.replaceAll("[\"\\r\\n]", "_");
    }
  }
}
