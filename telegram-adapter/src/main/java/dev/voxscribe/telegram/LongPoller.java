package dev.voxscribe.telegram;

import dev.voxscribe.core.HealthSignal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's own long-poll loop. Each {@code getUpdates} answer is read as JSON and every element is
 * decoded on its own ({@link UpdateDecoder}), so one odd update never blocks the others. Every
 * update is handed to the {@link UpdateHandler} in order; the next {@code getUpdates}, whose
 * {@code offset} confirms the batch to Telegram, is sent only once the handler has returned for all
 * of it.
 *
 * <p>Failures are retried for ever with jittered exponential backoff capped at {@link Timing#maxRetry()}
 * (30 s), so the bot hears again within that long of Telegram's recovery, however long the outage.
 * The log gets one line when Telegram is lost, one every {@link Timing#remindEvery()} while it stays
 * lost, one when it is back; never a stack trace per try. A 409 says what it means.
 *
 * <p>All waiting is done by scheduling on the given timer (never by sleeping); the poll itself is one
 * blocking HTTP call on the timer's thread, held by the server up to the poll timeout.
 */
final class LongPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LongPoller.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int LIMIT = 100;

  /**
   * @param pollTimeout the {@code timeout} of each {@code getUpdates} (the server holds it that long)
   * @param firstRetry the longest pause after the first failure (the pause doubles with each failure)
   * @param maxRetry the longest pause ever: the bot hears again at most this long after Telegram is back
   * @param remindEvery how often a line says Telegram is still unreachable
   */
  record Timing(Duration pollTimeout, Duration firstRetry, Duration maxRetry, Duration remindEvery) {
    Timing {
      if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
        throw new IllegalArgumentException("retry pauses must be positive and first <= max, got " + firstRetry + ", " + maxRetry);
      }
    }

    static Timing defaults(Duration pollTimeout) {
      return new Timing(pollTimeout, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
  }

  private final OkHttpClient http;
  private final HttpUrl getUpdates;
  private final String token;
  private final List<String> allowedUpdates;
  private final Timing timing;
  private final HealthSignal health;
  private final UpdateDecoder decoder;
  private final UpdateHandler handler;
  private final ObjectMapper json;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final DoubleSupplier random;

  /** The offset of the next getUpdates: every update below it was handled. Only the timer thread writes it. */
  private volatile long offset;
  private volatile boolean closed;
  private volatile @Nullable Call inFlight;
  private @Nullable Outage outage;

  /** A run of failed polls, for the lost / still lost / back lines. */
  private static final class Outage {
    final Instant since;
    Instant remindedAt;
    int tries;
    boolean conflict;

    Outage(Instant since) {
      this.since = since;
      this.remindedAt = since;
    }
  }

  /** One failed poll, as the log tells it. */
  private record Failure(String reason, Optional<Duration> retryAfter, int status) {
    boolean conflict() {
      return status == 409;
    }
  }

  LongPoller(OkHttpClient http, HttpUrl apiBase, String token, List<String> allowedUpdates, Timing timing,
      UpdateDecoder decoder, UpdateHandler handler, ObjectMapper json, ScheduledExecutorService timer, Clock clock,
      DoubleSupplier random) {
    this(http, apiBase, token, allowedUpdates, timing, decoder, handler, json, timer, clock, random, new HealthSignal());
  }

  /** @param health told after every poll whether Telegram answered it (for {@code /readyz}) */
  LongPoller(OkHttpClient http, HttpUrl apiBase, String token, List<String> allowedUpdates, Timing timing,
      UpdateDecoder decoder, UpdateHandler handler, ObjectMapper json, ScheduledExecutorService timer, Clock clock,
      DoubleSupplier random, HealthSignal health) {
    this.health = health;
    this.http = http;
    this.getUpdates = apiBase.newBuilder().addPathSegment("bot" + token).addPathSegment("getUpdates").build();
    this.token = token;
    this.allowedUpdates = List.copyOf(allowedUpdates);
    this.timing = timing;
    this.decoder = decoder;
    this.handler = handler;
    this.json = json;
    this.timer = timer;
    this.clock = clock;
    this.random = random;
  }

  /** Starts polling on the timer; returns at once. */
  void start() {
    next(Duration.ZERO);
  }

  /** The offset the next {@code getUpdates} carries (every update below it was handled). */
  long offset() {
    return offset;
  }

  private void next(Duration delay) {
    if (closed) return;
    try {
      if (delay.isZero()) timer.execute(this::poll);
      else timer.schedule(this::poll, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  private void poll() {
    if (closed) return;
    // Until a poll has been answered (at start, during an outage) each try is a short poll (timeout 0):
    // Telegram answers it at once, so health knows it is connected without waiting out a long poll.
    Call call = http.newCall(request(offset, health.current().isUp() ? timing.pollTimeout() : Duration.ZERO));
    inFlight = call;
    JsonNode result;
    try (Response response = call.execute()) {
      byte[] body = response.body().bytes();
      result = result(response.code(), body);
    } catch (FailedPoll e) {
      failed(e.failure);
      return;
    } catch (IOException | RuntimeException e) {
      if (closed) return;
      failed(new Failure(describe(e), Optional.empty(), 0));
      return;
    } finally {
      inFlight = null;
    }
    if (closed) return;
    recovered();
    health.up("long polling");
    Optional<RuntimeException> refused = handle(result);
    if (refused.isPresent()) {
      RuntimeException e = refused.get();
      log.warn("An update could not be taken ({}); Telegram delivers it again", e.toString());
      next(pause(outage == null ? 1 : outage.tries + 1, Optional.empty()));
      return;
    }
    next(Duration.ZERO);
  }

  /** Hands each update to the handler in order; stops at the first it refuses (that one comes again). */
  private Optional<RuntimeException> handle(JsonNode result) {
    for (JsonNode element : result) {
      Optional<ReceivedUpdate> update = decoder.decode(element);
      if (update.isEmpty()) {
        log.warn("Skipped an element of the getUpdates answer that is not an update ({} characters)",
            element.toString().length());
        continue;
      }
      ReceivedUpdate u = update.get();
      if (u.updateId() < offset) continue; // already handled (Telegram resent it before our offset reached it)
      try {
        handler.handle(u);
      } catch (RuntimeException e) {
        return Optional.of(e);
      }
      offset = u.updateId() + 1;
    }
    return Optional.empty();
  }

  private Request request(long offset, Duration timeout) {
    ObjectNode params = json.createObjectNode();
    if (offset > 0) params.put("offset", offset);
    params.put("limit", LIMIT).put("timeout", timeout.toSeconds());
    params.putArray("allowed_updates").addAll(allowedUpdates.stream().map(json.getNodeFactory()::textNode).toList());
    return new Request.Builder().url(getUpdates).post(RequestBody.create(params.toString(), JSON)).build();
  }

  /** The answer's {@code result} array, or the reason it is not one. */
  private JsonNode result(int status, byte[] body) throws FailedPoll {
    JsonNode answer = null;
    try {
      answer = json.readTree(body);
    } catch (IOException e) {
      // described below
    }
    if (status / 100 == 2) {
      if (answer != null && answer.path("ok").asBoolean(false) && answer.path("result").isArray()) {
        return answer.get("result");
      }
      throw new FailedPoll(new Failure("answered HTTP " + status + " with an unreadable body (" + body.length + " bytes)",
          Optional.empty(), status));
    }
    String description = answer != null && answer.path("description").isTextual()
        ? answer.get("description").asText() : "HTTP " + status;
    Optional<Duration> retryAfter = answer != null && answer.path("parameters").path("retry_after").canConvertToInt()
        && answer.path("parameters").has("retry_after")
        ? Optional.of(Duration.ofSeconds(Math.max(1, answer.path("parameters").path("retry_after").asInt())))
        : Optional.empty();
    throw new FailedPoll(new Failure(status + " " + mask(description), retryAfter, status));
  }

  private void failed(Failure failure) {
    if (closed) return;
    health.down("getUpdates " + failure.reason() + " (TELEGRAM_API_URL " + getUpdates.scheme() + "://" + getUpdates.host()
        + ":" + getUpdates.port() + ")");
    Instant now = clock.instant();
    Outage o = outage;
    if (o == null) {
      o = outage = new Outage(now);
      if (failure.conflict()) {
        o.conflict = true;
        log.error(conflictLine(failure));
      } else if (failure.status() == 401 || failure.status() == 404) {
        log.error("Telegram refused getUpdates ({}): the bot token in TELEGRAM_BOT_TOKEN is not valid (revoked?). "
            + "Retrying every {} s", failure.reason(), timing.maxRetry().toSeconds());
      } else {
        log.warn("Lost the connection to Telegram ({}); retrying, at most {} s apart", failure.reason(),
            timing.maxRetry().toSeconds());
      }
    } else {
      if (failure.conflict() && !o.conflict) {
        o.conflict = true;
        log.error(conflictLine(failure));
      } else if (!Duration.between(o.remindedAt, now).minus(timing.remindEvery()).isNegative()) {
        o.remindedAt = now;
        log.warn("Telegram still unreachable after {} ({} tries; last: {}); still retrying",
            span(Duration.between(o.since, now)), o.tries + 1, failure.reason());
      }
    }
    o.tries++;
    next(pause(o.tries, failure.retryAfter()));
  }

  private static String conflictLine(Failure failure) {
    String why = failure.reason().toLowerCase(java.util.Locale.ROOT).contains("webhook")
        ? "a webhook is set for this bot token (another deployment with TELEGRAM_WEBHOOK_URL?): remove it there, "
            + "or stop that deployment"
        : "another instance of the bot is polling with this bot token: run only one";
    return "Telegram refused getUpdates with 409 Conflict: " + why + ". Retrying until it is free (" + failure.reason() + ")";
  }

  private void recovered() {
    Outage o = outage;
    if (o == null) return;
    outage = null;
    log.info("Telegram answers again, after {} ({} failed tries)", span(Duration.between(o.since, clock.instant())),
        o.tries);
  }

  /** Equal jitter: half of the exponential step fixed, half random; never over the cap, unless Telegram asks for longer. */
  Duration pause(int failures, Optional<Duration> retryAfter) {
    long first = timing.firstRetry().toMillis();
    long cap = timing.maxRetry().toMillis();
    long ceiling = Math.min(cap, first << Math.min(20, Math.max(0, failures - 1)));
    long millis = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    Duration pause = Duration.ofMillis(millis);
    return retryAfter.filter(r -> r.compareTo(pause) > 0).orElse(pause);
  }

  private String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + mask(message));
  }

  /** A failure's text never carries the token (OkHttp's messages name hosts, not paths; this makes sure). */
  private String mask(String text) {
    return text.replace(token, "<token>");
  }

  /**
   * Stops polling; the poll in flight is cancelled. Nothing is left to confirm: the poll that
   * follows a batch, which confirms it, is sent as soon as the handler returned.
   */
  @Override
  public void close() {
    closed = true;
    Call call = inFlight;
    if (call != null) call.cancel();
  }

  /** "45 s", "3 min 12 s", "2 h 5 min". */
  static String span(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) return s + " s";
    if (s < 3600) return s / 60 + " min " + s % 60 + " s";
    return s / 3600 + " h " + (s % 3600) / 60 + " min";
  }

  private static final class FailedPoll extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Failure failure;

    FailedPoll(Failure failure) {
      super(failure.reason(), null, false, false);
      this.failure = failure;
    }
  }
}
