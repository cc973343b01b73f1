package dev.voxscribe.testing.aiml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.voxscribe.testing.http.LoopbackServer;
import dev.voxscribe.testing.http.Multipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * A loopback stand-in of the AI/ML API speech-to-text service ({@code POST /v1/stt/create},
 * {@code GET /v1/stt/{id}}) and its spend-free balance read ({@code GET /v2/billing}), strict where the real service is documented to be strict: the bearer
 * key, exactly one audio source, a {@code model}, a file part named {@code audio} with a file name
 * and content type. Answers come from JSON fixture files in the contract's shapes.
 */
public final class FakeAimlApi implements AutoCloseable {
  /** The only key the stand-in accepts unless told otherwise. */
  public static final String DEFAULT_KEY = "sk-test-aiml-0123456789abcdef";

  /** Models the contract lists; aliases without {@code #g1_} are accepted too. */
  static final Set<String> MODELS = Set.of(
      "#g1_whisper-tiny", "#g1_whisper-base", "#g1_whisper-small", "#g1_whisper-medium", "#g1_whisper-large",
      "#g1_nova-2-general", "#g1_nova-2-meeting", "#g1_nova-2-phonecall", "#g1_nova-2-voicemail",
      "#g1_nova-2-finance", "#g1_nova-2-conversationalai", "#g1_nova-2-video", "#g1_nova-2-medical",
      "#g1_nova-2-drivethru", "#g1_nova-2-automotive", "nova-3", "nova-3-general", "nova-3-medical",
      "aai/universal", "aai/slam-1", "openai/gpt-4o-transcribe", "openai/gpt-4o-mini-transcribe",
      "microsoft/mai-transcribe-1.5");

  /** Which requests a queued fault applies to ({@code ANY}: create, poll or chat, never billing). */
  public enum Endpoint { CREATE, POLL, BILLING, CHAT, ANY }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT_PATH = "/v1/chat/completions";
  private static final Pattern POLL_PATH = Pattern.compile("^/v1/stt/([^/?]+)$");

  private final MockWebServer server;
  private final Map<String, String> fixtures = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  // Queues, not copy-on-write lists: a benchmark's thousands of requests made every add copy the
  // whole list under one lock (4.4 s of lock waits in a 1000-job run).
  private final Queue<Upload> uploads = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pollCount = new AtomicInteger();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final FakeChatCompletions chat = new FakeChatCompletions();
  private final Queue<String> authorizations = new ConcurrentLinkedQueue<>();
  private final Queue<String> rawHeaders = new ConcurrentLinkedQueue<>();
  private volatile String apiKey = DEFAULT_KEY;
  private volatile boolean creditsExhausted;
  private volatile String balance = "12.5";
  private volatile String currency = "USD";
  private volatile boolean billingForbidden;
  private final AtomicInteger billingReads = new AtomicInteger();
  private volatile Function<Upload, JobScript> scripts = upload -> JobScript.completes("Hello from the stand-in.");

  private static final class Job {
    final Upload upload;
    final JobScript script;
    final long createdNanos;
    final AtomicInteger polls = new AtomicInteger();
    volatile long readyNanos = -1;

    Job(Upload upload, JobScript script, long createdNanos) {
      this.upload = upload;
      this.script = script;
      this.createdNanos = createdNanos;
    }
  }

  /** The stand-in's time, in {@link System#nanoTime()} units unless a benchmark simulates time. */
  private final LongSupplier nanoTime;
  private volatile Duration roundTrip = Duration.ZERO;

  private record Fault(Endpoint endpoint, int status, String body, Optional<Duration> retryAfter, boolean disconnect,
      Optional<String> location, boolean hang) {
    Fault(Endpoint endpoint, int status, String body, Optional<Duration> retryAfter, boolean disconnect) {
      this(endpoint, status, body, retryAfter, disconnect, Optional.empty(), false);
    }

    Fault(Endpoint endpoint, int status, String body, Optional<Duration> retryAfter, boolean disconnect,
        Optional<String> location) {
      this(endpoint, status, body, retryAfter, disconnect, location, false);
    }
  }

  private final AtomicInteger createRequests = new AtomicInteger();
  private boolean takeAndHold;
  private volatile long bodyRate;

  private volatile Optional<String> createStatus = Optional.empty();

  /** What a create answer says it cost; {@code null} fields: the header is left out. */
  private record Charge(@Nullable String usd, @Nullable String credits) {}

  private volatile Function<Upload, Charge> charges = upload -> new Charge("0.001240000", "31");
  private volatile boolean pollCostHeaders = true;

  /**
   * Every accepted create answers with these cost headers, as the real service does on non-streaming
   * JSON answers ({@code x-aimlapi-usd-spent: 0.001240000}, {@code x-aimlapi-credits-used: 31} by default).
   */
  public void charge(String usdSpent, long creditsUsed) {
    Charge c = new Charge(usdSpent, Long.toString(creditsUsed));
    this.charges = upload -> c;
  }

  /** Creates of uploads {@code which} accepts carry the cost headers; the others come without any. */
  public void charge(String usdSpent, long creditsUsed, java.util.function.Predicate<Upload> which) {
    Charge c = new Charge(usdSpent, Long.toString(creditsUsed));
    Charge none = new Charge(null, null);
    this.charges = upload -> which.test(upload) ? c : none;
  }

  private volatile boolean held;
  /** Null: the fixtures' own 3.2 s; empty: no length in the result; else this many seconds. */
  private volatile java.util.@Nullable OptionalDouble reportedDuration;

  /**
   * The length results report: {@code OptionalDouble.empty()} leaves it out (as some models do), so
   * the length the platform announced is all the bot knows.
   */
  public void reportedDuration(java.util.OptionalDouble seconds) {
    this.reportedDuration = seconds;
  }

  /**
   * While held, every poll answers "generating", whatever the job's script: a test decides when
   * jobs may finish, so it can line up a queue without racing the clock.
   */
  public void hold(boolean hold) {
    this.held = hold;
  }

  /** No answer carries cost headers (a proxy that drops them, an old deployment). */
  public void noCostHeaders() {
    this.charges = upload -> new Charge(null, null);
    this.pollCostHeaders = false;
  }

  /** Whether poll answers carry zero-cost headers (they do by default: a poll is free). */
  public void pollCostHeaders(boolean send) {
    this.pollCostHeaders = send;
  }

  /**
   * Create answers carry this {@code status} beside the id, as gpt-4o models' answers may; a
   * "completed" status there still comes without the result, which only a poll returns.
   */
  public void createAnswersWithStatus(String status) {
    this.createStatus = Optional.of(status);
  }

  /** The next matching request is answered {@code 302 Found} to {@code location}. */
  public synchronized void redirectNext(Endpoint endpoint, String location) {
    faults.add(new Fault(endpoint, 302, "", Optional.empty(), false, Optional.of(location)));
  }

  public FakeAimlApi() {
    this(System::nanoTime);
  }

  /**
   * A stand-in whose processing times ({@link JobScript#after(Duration)}) run on {@code nanoTime}
   * instead of {@link System#nanoTime()}: benchmarks simulate long jobs without waiting for them.
   */
  public FakeAimlApi(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    server = LoopbackServer.start(this::handle,
        e -> json(500, "{\"statusCode\":500,\"message\":\"stand-in error: " + e.getClass().getSimpleName() + "\"}"),
        this::readPolicy);
  }

  /** The base URL to configure ({@code AIML_API_URL}), without a trailing slash. */
  public String baseUrl() {
    return LoopbackServer.baseUrl(server);
  }

  public String apiKey() {
    return apiKey;
  }

  /** Accept a different key (the old one is then rejected with 401). */
  public void acceptKey(String key) {
    this.apiKey = key;
  }

  /** Answer every create with 403 out of credits while true. */
  public void creditsExhausted(boolean exhausted) {
    this.creditsExhausted = exhausted;
  }

  /** What {@code GET /v2/billing} reports as {@code current_balance} (a JSON number as written). */
  public void balance(String amount, String currency) {
    this.balance = amount;
    this.currency = currency;
  }

  /** While true, {@code GET /v2/billing} answers 403, as the service does for a management key. */
  public void billingForbidden(boolean forbidden) {
    this.billingForbidden = forbidden;
  }

  /** Balance reads answered 200. */
  public int billingReads() {
    return billingReads.get();
  }

  /** How each new job behaves, decided from what was uploaded. */
  public void script(Function<Upload, JobScript> scripts) {
    this.scripts = scripts;
  }

  /** Every job behaves like {@code script}. */
  public void script(JobScript script) {
    this.scripts = upload -> script;
  }

  /** The next matching request gets HTTP {@code status} with the contract's error body. */
  public synchronized void failNext(Endpoint endpoint, int status) {
    faults.add(new Fault(endpoint, status, errorBody(status, ""), Optional.empty(), false));
  }

  /** The next matching request gets HTTP {@code status} with {@code body} as it is (a server that says odd things). */
  public synchronized void failNextWithBody(Endpoint endpoint, int status, String body) {
    faults.add(new Fault(endpoint, status, body, Optional.empty(), false));
  }

  /** Like {@link #failNext(Endpoint, int)}, with a {@code Retry-After} header. */
  public synchronized void failNext(Endpoint endpoint, int status, Duration retryAfter) {
    faults.add(new Fault(endpoint, status, errorBody(status, ""), Optional.of(retryAfter), false));
  }

  /** The next matching request has its connection cut before any answer (a transport failure). */
  public synchronized void disconnectNext(Endpoint endpoint) {
    faults.add(new Fault(endpoint, 0, "", Optional.empty(), true));
  }

  /**
   * The next matching request is read in full (an upload arrives whole) and then never answered:
   * the connection stays open until the client gives up or the stand-in closes.
   */
  public synchronized void hangNext(Endpoint endpoint) {
    faults.add(new Fault(endpoint, 0, "", Optional.empty(), false, Optional.empty(), true));
  }

  /**
   * The next create is taken (the job exists, is counted in {@link #createCount()} and runs) but its
   * answer never leaves: the connection stays open until the client goes away, so the client
   * never learns the generation id. The real service bills "after your response was delivered",
   * which the client cannot tell from a response lost on the way.
   */
  public synchronized void takeAndHoldNextCreate() {
    takeAndHold = true;
  }

  /**
   * While on, request bodies are read at {@code bytesPerSecond} (a slow uplink, or a service slow
   * to take an upload), so a test can stop the client in the middle of sending one. Read when each
   * request's headers have arrived.
   */
  public void readBodiesAt(long bytesPerSecond) {
    this.bodyRate = bytesPerSecond;
  }

  /** Bodies read at full speed again. */
  public void readBodiesFast() {
    this.bodyRate = 0;
  }

  /**
   * The next matching request gets exactly this answer, e.g. {@code 200} with an empty body or with
   * {@code <html>} where JSON belongs, as a misconfigured proxy in front of the service sends.
   */
  public synchronized void answerNext(Endpoint endpoint, int status, String body) {
    faults.add(new Fault(endpoint, status, body, Optional.empty(), false));
  }

  /**
   * Every create request that reached the stand-in, faults included (each one may have been billed
   * by the real service); {@link #createCount()} counts only the accepted ones.
   */
  public int createRequests() {
    return createRequests.get();
  }

  /** Forget a job, as the service does one hour after creation: polls then get 404. */
  public void expire(String generationId) {
    jobs.remove(generationId);
  }

  /** The chat-completions endpoint: its answers, faults of its own and what it received. */
  public FakeChatCompletions chat() {
    return chat;
  }

  /** Every create the stand-in accepted, in order. */
  public List<Upload> uploads() {
    return List.copyOf(uploads);
  }

  /** Accepted creates (each one would have cost credits). */
  public int createCount() {
    return uploads.size();
  }

  /** Polls answered for known jobs. */
  public int pollCount() {
    return pollCount.get();
  }

  public int polls(String generationId) {
    Job job = jobs.get(generationId);
    return job == null ? 0 : job.polls.get();
  }

  /** Every request that reached the stand-in, faults and rejections included. */
  public int requestCount() {
    return requestCount.get();
  }

  /** Every Authorization header value received (to check no other secret travelled here). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** When the job's result became ready, in the stand-in's time units ({@link System#nanoTime()} by default), if it has. */
  public Optional<Long> readyNanos(String generationId) {
    Job job = jobs.get(generationId);
    if (job == null || job.readyNanos < 0) return Optional.empty();
    return Optional.of(job.readyNanos);
  }

  /**
   * When the job's result becomes ready by its script, in the stand-in's time units, known from
   * its creation (benchmarks: an oracle that polls exactly then).
   */
  public Optional<Long> plannedReadyNanos(String generationId) {
    Job job = jobs.get(generationId);
    if (job == null || job.script.never || job.script.processing.isEmpty()) return Optional.empty();
    return Optional.of(job.createdNanos + job.script.processing.get().toNanos());
  }

  /**
   * Every answer is held this long before its headers go out, as over a network (real time, even
   * when processing time is simulated). The status is decided when the request arrives.
   */
  public void roundTrip(Duration delay) {
    this.roundTrip = delay;
  }

  /** Every raw request line and header block received, for leak checks. */
  public List<String> requestHeaders() {
    return List.copyOf(rawHeaders);
  }


  @Override
  public void close() {
    server.close();
  }

  // ---- dispatch ----

  private MockResponse handle(RecordedRequest request) {
    MockResponse answer = answer(request);
    Duration delay = roundTrip;
    if (delay.isZero()) return answer;
    return answer.newBuilder().headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS).build();
  }

  private MockResponse answer(RecordedRequest request) {
    requestCount.incrementAndGet();
    rawHeaders.add(request.getRequestLine() + "\n" + request.getHeaders());
    String path = request.getUrl().encodedPath();
    Endpoint endpoint = path.equals("/v1/stt/create") ? Endpoint.CREATE
        : path.equals("/v2/billing") ? Endpoint.BILLING
        : path.equals(CHAT_PATH) ? Endpoint.CHAT : Endpoint.POLL;
    if (endpoint == Endpoint.CREATE) createRequests.incrementAndGet();
    Optional<Fault> fault = nextFault(endpoint);
    if (fault.isPresent()) {
      Fault f = fault.get();
      if (f.hang()) {
        return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
      }
      if (f.disconnect()) {
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build();
      }
      MockResponse.Builder b = new MockResponse.Builder().code(f.status())
          .setHeader("Content-Type", "application/json").body(f.body());
      f.retryAfter().ifPresent(ra -> b.setHeader("Retry-After", Long.toString(ra.toSeconds())));
      f.location().ifPresent(l -> b.setHeader("Location", l));
      return b.build();
    }
    String auth = request.getHeaders().get("Authorization");
    if (auth != null) authorizations.add(auth);
    if (auth == null || !auth.equals("Bearer " + apiKey)) {
      return json(401, fixture("error-unauthorized.json"));
    }
    if (endpoint == Endpoint.CHAT) return chat.handle(request, creditsExhausted);
    if (endpoint == Endpoint.CREATE) {
      if (!"POST".equals(request.getMethod())) return notFound(path);
      return create(request);
    }
    if (endpoint == Endpoint.BILLING) {
      if (!"GET".equals(request.getMethod())) return notFound(path);
      if (billingForbidden) return json(403, fixture("error-billing-forbidden.json"));
      billingReads.incrementAndGet();
      return json(200, fixture("billing.json").replace("${balance}", balance).replace("${currency}", currency));
    }
    Matcher m = POLL_PATH.matcher(path);
    if (!m.matches() || !"GET".equals(request.getMethod())) return notFound(path);
    return poll(m.group(1));
  }

  private synchronized Optional<Fault> nextFault(Endpoint endpoint) {
    for (var it = faults.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if ((f.endpoint() == Endpoint.ANY && endpoint != Endpoint.BILLING) || f.endpoint() == endpoint) {
        it.remove();
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private MockResponse readPolicy() {
    long rate = bodyRate;
    if (rate <= 0) return new MockResponse.Builder().build();
    // A quarter of the rate every 250 ms: the server's socket buffer fills and the client must wait.
    return new MockResponse.Builder().throttleBody(Math.max(1, rate / 4), 250, TimeUnit.MILLISECONDS).build();
  }

  private synchronized boolean holdThisCreate() {
    boolean hold = takeAndHold;
    takeAndHold = false;
    return hold;
  }

  private MockResponse create(RecordedRequest request) {
    MockResponse answer = accept(request);
    if (answer.getCode() / 100 == 2 && holdThisCreate()) {
      return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
    }
    return answer;
  }

  private MockResponse accept(RecordedRequest request) {
    String contentType = Optional.ofNullable(request.getHeaders().get("Content-Type")).orElse("");
    String id = UUID.randomUUID().toString();
    Upload upload;
    try {
      if (contentType.startsWith("multipart/form-data")) {
        upload = multipart(id, request, contentType);
      } else if (contentType.startsWith("application/json")) {
        upload = jsonBody(id, request);
      } else {
        return validation("Body validation error! Content-Type must be multipart/form-data or application/json");
      }
    } catch (Rejection r) {
      return validation(r.getMessage());
    }
    if (!MODELS.contains(upload.model()) && !MODELS.contains("#g1_" + upload.model())) {
      return validation("Body validation error! model: Invalid enum value '" + upload.model() + "'");
    }
    if (creditsExhausted) {
      return json(403, fixture("error-out-of-credits.json"));
    }
    Job job = new Job(upload, scripts.apply(upload), nanoTime.getAsLong());
    jobs.put(id, job);
    uploads.add(upload);
    String created = render(fixture("created.json"), id, "", "");
    if (createStatus.isPresent()) {
      created = "{\"generation_id\": \"" + id + "\", \"status\": \"" + createStatus.get() + "\"}";
    }
    Charge c = charges.apply(upload);
    MockResponse.Builder answer = jsonBuilder(201, created).setHeader("x-inference-id", id);
    if (c.usd() != null) answer.setHeader("x-aimlapi-usd-spent", c.usd());
    if (c.credits() != null) answer.setHeader("x-aimlapi-credits-used", c.credits());
    return answer.build();
  }

  private Upload multipart(String id, RecordedRequest request, String contentType) {
    Map<String, String> fields = new LinkedHashMap<>();
    String filename = null;
    String fileType = null;
    byte[] audio = null;
    List<Multipart.Part> parts;
    try {
      parts = Multipart.parse(request.getBody(), contentType);
    } catch (Multipart.Malformed e) {
      throw new Rejection("Body validation error! " + e.getMessage());
    }
    for (Multipart.Part part : parts) {
      if (part.isFile()) {
        if (!part.name().equals("audio")) {
          throw new Rejection("Body validation error! unexpected file field '" + part.name() + "'; expected 'audio'");
        }
        if (audio != null) throw new Rejection("Body validation error! more than one audio file");
        filename = part.filename().get();
        fileType = part.contentType().orElse(null);
        audio = part.data();
      } else {
        fields.put(part.name(), part.text());
      }
    }
    if (audio == null) throw new Rejection("Body validation error! one of 'audio' or 'url' is required");
    if (fields.containsKey("url")) throw new Rejection("Body validation error! send either 'audio' or 'url', not both");
    if (filename == null || filename.isBlank()) throw new Rejection("Body validation error! audio file name missing");
    if (fileType == null || fileType.isBlank()) throw new Rejection("Body validation error! audio content type missing");
    String model = fields.remove("model");
    if (model == null || model.isBlank()) throw new Rejection("Body validation error! model: Required");
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if ((e.getKey().equals("detect_language") || e.getKey().equals("punctuate") || e.getKey().equals("smart_format")
          || e.getKey().equals("diarize")) && !(e.getValue().equals("true") || e.getValue().equals("false"))) {
        throw new Rejection("Body validation error! " + e.getKey() + ": Expected boolean");
      }
    }
    return new Upload(id, model, Map.copyOf(fields), Optional.of(filename), Optional.of(fileType),
        Optional.of(audio), Optional.empty(), Optional.ofNullable(request.getHeaders().get("X-Client-Request-Id")));
  }

  private Upload jsonBody(String id, RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IOException e) {
      throw new Rejection("Body validation error! malformed JSON");
    }
    if (body == null || !body.isObject()) throw new Rejection("Body validation error! expected an object");
    JsonNode url = body.get("url");
    if (url == null || !url.isTextual() || !url.asText().matches("^https?://.+")) {
      throw new Rejection("Body validation error! url: Invalid url");
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw new Rejection("Body validation error! model: Required");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    body.properties().forEach(e -> {
      if (!e.getKey().equals("model") && !e.getKey().equals("url")) {
        fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
      }
    });
    return new Upload(id, model.asText(), Map.copyOf(fields), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(url.asText()), Optional.ofNullable(request.getHeaders().get("X-Client-Request-Id")));
  }

  private MockResponse poll(String id) {
    Job job = jobs.get(id);
    if (job == null) return json(404, render(fixture("error-not-found.json"), id, "", ""));
    pollCount.incrementAndGet();
    int n = job.polls.incrementAndGet();
    JobScript s = job.script;
    boolean ready = !held && !s.never
        && n > s.pollsBeforeReady
        && s.processing.map(d -> nanoTime.getAsLong() - job.createdNanos >= d.toNanos()).orElse(true);
    if (!ready) {
      return pollAnswer(id, render(fixture("pending.json"), id, "", "").replace("${status}", s.pendingStatus));
    }
    if (job.readyNanos < 0) {
      job.readyNanos = s.processing.map(d -> job.createdNanos + d.toNanos()).orElse(nanoTime.getAsLong());
    }
    if (s.failure.isPresent()) {
      return pollAnswer(id, render(fixture("failed.json"), id, "", s.failure.get()));
    }
    return pollAnswer(id, withDuration(render(fixture(s.shape.fixture), id, s.text, "")
        .replace(words(s.text, true), words(s.text, true, s))
        .replace(words(s.text, false), words(s.text, false, s))));
  }

  private String withDuration(String result) {
    java.util.OptionalDouble d = reportedDuration;
    if (d == null) return result;
    if (d.isEmpty()) {
      return result.replace("\"duration\": 3.2,", "").replace("{\"duration\": 3.2}", "{}")
          .replace("\"audio_duration\": 3,", "");
    }
    String v = Double.toString(d.getAsDouble());
    return result.replace("\"duration\": 3.2", "\"duration\": " + v).replace("\"audio_duration\": 3,", "\"audio_duration\": " + v + ",");
  }

  private MockResponse pollAnswer(String id, String body) {
    MockResponse.Builder b = jsonBuilder(200, body).setHeader("x-inference-id", id);
    if (pollCostHeaders) b.setHeader("x-aimlapi-usd-spent", "0.000000000").setHeader("x-aimlapi-credits-used", "0");
    return b.build();
  }

  // ---- bodies ----

  private String errorBody(int status, String message) {
    return switch (status) {
      case 400 -> render(fixture("error-validation.json"), "", "", message.isEmpty() ? "Body validation error!" : message);
      case 401 -> fixture("error-unauthorized.json");
      case 403 -> fixture("error-out-of-credits.json");
      case 404 -> render(fixture("error-not-found.json"), "unknown", "", "");
      case 429 -> fixture("error-rate-limited.json");
      case 504 -> fixture("error-generation-timeout.json");
      default -> fixture("error-server.json").replace("${status}", Integer.toString(status));
    };
  }

  private MockResponse validation(String message) {
    return json(400, render(fixture("error-validation.json"), "", "", message));
  }

  private MockResponse notFound(String path) {
    return json(404, "{\"statusCode\":404,\"message\":\"Cannot " + path.replace("\"", "") + "\"}");
  }

  private static MockResponse json(int status, String body) {
    return jsonBuilder(status, body).build();
  }

  private static MockResponse.Builder jsonBuilder(int status, String body) {
    return new MockResponse.Builder().code(status)
        .headers(Headers.of("Content-Type", "application/json; charset=utf-8"))
        .body(body);
  }

  private String render(String template, String id, String text, String message) {
    return template
        .replace("${generation_id}", id)
        .replace("${text}", quote(text))
        .replace("${message}", quote(message))
        .replace("${words_ms}", words(text, true))
        .replace("${words}", words(text, false));
  }

  private static String words(String text, boolean millis) {
    return words(text, millis, null);
  }

  /** Words with the script's speakers and confidence, when it has them. */
  private static String words(String text, boolean millis, @org.jspecify.annotations.Nullable JobScript script) {
    ArrayNode array = JSON.createArrayNode();
    String[] tokens = text.isBlank() ? new String[0] : text.strip().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      var w = array.addObject();
      String bare = tokens[i].replaceAll("[^\\p{L}\\p{N}']", "").toLowerCase();
      if (millis) {
        w.put("text", tokens[i]).put("start", i * 500).put("end", i * 500 + 400);
      } else {
        w.put("word", bare).put("punctuated_word", tokens[i]).put("start", i * 0.5).put("end", i * 0.5 + 0.4);
      }
      w.put("confidence", script == null ? 0.9 : script.confidence);
      if (script != null && !script.speakers.isEmpty()) {
        String speaker = script.speakers.get(Math.min(i, script.speakers.size() - 1));
        if (speaker.matches("\\d+")) w.put("speaker", Integer.parseInt(speaker)); else w.put("speaker", speaker);
      }
    }
    return array.toString();
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String fixture(String name) {
    return fixtures.computeIfAbsent(name, FakeAimlApi::load);
  }

  /** The raw text of one of the stand-in's fixture files ({@code aiml/*.json}). */
  public static String load(String name) {
    try (InputStream in = FakeAimlApi.class.getResourceAsStream("/aiml/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rejection(String message) {
      super(message, null, false, false);
    }
  }

  /** Generation ids of accepted creates, oldest first. */
  public List<String> generationIds() {
    List<String> ids = new ArrayList<>();
    for (Upload u : uploads) ids.add(u.generationId());
    return ids;
  }
}
