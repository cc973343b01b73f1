package dev.voxscribe.core.transcribe;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.MediaTypes;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.SpeechToText;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.Spending;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits, then the platform-key cache, then the concurrency gate (before any download, so a busy
 * bot answers at once and holds no queued audio), then the content cache, then the speech service. Two Caffeine caches of
 * futures: by content (SHA-256 of the audio or URL, model, language) and by platform key (an alias
 * that skips the download). A future in a cache is shared by every identical request in flight;
 * Caffeine drops failed futures, so failures are never cached.
 */
public final class CachingTranscriptionService implements TranscriptionService {
  private static final Logger log = LoggerFactory.getLogger(CachingTranscriptionService.class);

  private final SpeechToText stt;
  private final TranscriptionOptions defaults;
  private final TranscriptionLimits limits;
  private final Metrics metrics;
  private final JobGate gate;
  private final Spending spending;
  private final AsyncCache<String, Transcript> byContent;
  private final AsyncCache<String, Transcript> byAlias;
  private final Ticker ticker;
  private volatile AudioSpool spool = Spools.TEMPORARY;

  public CachingTranscriptionService(
      SpeechToText stt,
      TranscriptionOptions defaults,
      TranscriptionLimits limits,
      CachePolicy cache,
      Ticker ticker,
      Metrics metrics) {
    this(stt, defaults, limits, cache, ticker, metrics, Spending.unlimited(Clock.systemUTC(), metrics));
  }

  /** With quotas, access lists and per-person lines from {@code spending}. */
  public CachingTranscriptionService(
      SpeechToText stt,
      TranscriptionOptions defaults,
      TranscriptionLimits limits,
      CachePolicy cache,
      Ticker ticker,
      Metrics metrics,
      Spending spending) {
    this.stt = stt;
    this.defaults = defaults;
    this.limits = limits;
    this.metrics = metrics;
    this.ticker = ticker;
    this.spending = spending;
    this.gate = new JobGate(limits.maxConcurrentJobs(), limits.maxQueuedJobs(), spending.policy().userJobsAtOnce(),
        spending.policy().userQueue(), metrics, spending::refused);
    this.byContent = newCache(cache, ticker);
    this.byAlias = newCache(cache, ticker);
  }

  private static AsyncCache<String, Transcript> newCache(CachePolicy policy, Ticker ticker) {
    return Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfterWrite(policy.ttl())
        .maximumSize(policy.maxEntries())
        .executor(Runnable::run) // maintenance is cheap; running it inline keeps removal of failures immediate
        .buildAsync();
  }

  @Override
  public TranscriptionLimits limits() {
    return limits;
  }

  @Override
  public Spending spending() {
    return spending;
  }

  @Override
  public AudioSpool spool() {
    return spool;
  }

  /** This service, with downloads spooled to {@code spool} (set once, before the first request). */
  public CachingTranscriptionService spoolingTo(AudioSpool spool) {
    this.spool = spool;
    return this;
  }

  @Override
  public CompletableFuture<Transcript> transcribe(TranscriptionRequest request) {
    metrics.request(request.platform());
    long started = ticker.read();
    CompletableFuture<Transcript> result = start(request);
    // Counted here, once per request, whichever step refused or failed it (limits, gate, download, job).
    result.whenComplete((t, error) -> {
      if (error != null) metrics.failure(request.platform(), TranscriptionException.from(error).kind());
      else metrics.timeToTranscript(request.platform(), java.time.Duration.ofNanos(ticker.read() - started));
    });
    return result;
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  private CompletableFuture<Transcript> start(TranscriptionRequest request) {
    TranscriptionOptions options;
    try {
      options = optionsFor(request);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.BAD_REQUEST, e.getMessage()));
    }
    Optional<TranscriptionException> refused = checkDeclared(request);
    if (refused.isPresent()) return CompletableFuture.failedFuture(refused.get());
    Requester who = request.requester();
    Optional<Refusal> denied = spending.access(who);
    if (denied.isPresent()) return CompletableFuture.failedFuture(new TranscriptionException(denied.get()));
    Optional<String> alias = request.platformKey().map(k -> "platform:" + k + "|" + optionsKey(options));
    if (alias.isPresent()) {
      // Known by its platform key: free, and never refused by a quota.
      CompletableFuture<Transcript> known = byAlias.getIfPresent(alias.get());
      if (known != null) {
        metrics.cacheHit(who.platform());
        spending.cacheHit(who);
        return unwrapped(known);
      }
    }
    Spending.Ticket ticket;
    try {
      ticket = spending.admit(who, request.declaredDuration());
    } catch (TranscriptionException e) {
      return CompletableFuture.failedFuture(e);
    }
    Supplier<CompletableFuture<Transcript>> job = () -> gate.submit(who, () -> fetchAndTranscribe(request, options, ticket));
    CompletableFuture<Transcript> result = alias.isPresent() ? shared(byAlias, alias.get(), job, who) : job.get();
    // Paid only when this request's own create produced the transcript; otherwise the hold is given back.
    // Settled before the caller sees the result, so /usage right after an answer already counts it.
    return result.whenComplete((t, error) -> ticket.finish(Optional.ofNullable(error == null ? t : null)));
  }

  /** Model and language from the request, else the configured defaults; "auto" means detect. */
  private TranscriptionOptions optionsFor(TranscriptionRequest request) {
    Optional<String> language = request.language().or(defaults::language)
        .filter(l -> !l.equalsIgnoreCase("auto"));
    return defaults.withModel(request.model().orElse(defaults.model())).withLanguage(language);
  }

  private Optional<TranscriptionException> checkDeclared(TranscriptionRequest request) {
    if (request.declaredBytes().isPresent() && request.declaredBytes().getAsLong() > limits.maxBytes()) {
      return Optional.of(tooLarge(request.declaredBytes().getAsLong()));
    }
    if (request.declaredDuration().isPresent() && request.declaredDuration().get().compareTo(limits.maxAudio()) > 0) {
      return Optional.of(new TranscriptionException(FailureKind.TOO_LONG,
          "audio of " + request.declaredDuration().get().toSeconds() + " s is over the limit of "
              + limits.maxAudio().toSeconds() + " s"));
    }
    return Optional.empty();
  }

  private TranscriptionException tooLarge(long bytes) {
    return new TranscriptionException(FailureKind.TOO_LARGE,
        "file of " + bytes + " bytes is over the limit of " + limits.maxBytes() + " bytes");
  }

  private CompletableFuture<Transcript> fetchAndTranscribe(TranscriptionRequest request, TranscriptionOptions options,
      Spending.Ticket ticket) {
    CompletableFuture<AudioSource> audio;
    try {
      audio = request.audio().fetch();
    } catch (RuntimeException e) {
      audio = CompletableFuture.failedFuture(e);
    }
    return audio
        .handle((source, error) -> {
          if (error != null) throw downloadFailure(error);
          return source;
        })
        .thenCompose(source -> {
          java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();
          try {
            if (source instanceof AudioSource.Bytes bytes) check(bytes.size(), bytes.contentType());
            if (source instanceof AudioSource.Spooled spooled) check(spooled.size(), spooled.contentType());
            String key = contentKey(source) + "|" + optionsKey(options);
            return shared(byContent, key, () -> {
              used.set(true);
              ticket.created();
              return stt.transcribe(source, options, request.declaredDuration());
            }, request.requester());
          } finally {
            // Refused, or answered by an identical job: its spool file is not needed.
            if (!used.get()) AudioSpool.discard(source);
          }
        });
  }

  private void check(long size, String contentType) {
    if (size > limits.maxBytes()) throw tooLarge(size);
    if (!MediaTypes.isTranscribable(contentType)) {
      throw new TranscriptionException(FailureKind.UNSUPPORTED_MEDIA, "content type " + contentType + " is not audio or video");
    }
  }

  private static TranscriptionException downloadFailure(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof TranscriptionException te) return te;
    return new TranscriptionException(FailureKind.DOWNLOAD_FAILED,
        "could not fetch the audio: " + cause.getClass().getSimpleName(), cause);
  }

  /**
   * The cached or in-flight future for {@code key}, or a new one started by {@code work}. The work
   * starts outside Caffeine's compute, so a slow start never blocks other keys.
   *
   * <p>A failure is stored in the cache as a {@link FailedJob}: Caffeine drops the entry as for any
   * failure, but does not log a cancellation, so an expected failure (a bad file, an exhausted
   * account) does not print a stack trace. Every caller gets the real failure back.
   */
  private CompletableFuture<Transcript> shared(
      AsyncCache<String, Transcript> cache, String key, Supplier<CompletableFuture<Transcript>> work, Requester who) {
    AtomicReference<CompletableFuture<Transcript>> mine = new AtomicReference<>();
    CompletableFuture<Transcript> cached = cache.get(key, (k, executor) -> {
      CompletableFuture<Transcript> placeholder = new CompletableFuture<>();
      mine.set(placeholder);
      return placeholder;
    });
    CompletableFuture<Transcript> placeholder = mine.get();
    if (placeholder == null) {
      metrics.cacheHit(who.platform());
      spending.cacheHit(who);
      log.debug("Cache {} for {}", cached.isDone() ? "hit" : "join of a job in flight", key);
    } else {
      CompletableFuture<Transcript> started;
      try {
        started = work.get();
      } catch (RuntimeException e) {
        started = CompletableFuture.failedFuture(e);
      }
      started.whenComplete((t, error) -> {
        if (error != null) placeholder.completeExceptionally(new FailedJob(unwrap(error)));
        else placeholder.complete(t);
      });
    }
    return unwrapped(cached);
  }

  /** The cached future with the real failure instead of the cache's {@link FailedJob}. */
  private static CompletableFuture<Transcript> unwrapped(CompletableFuture<Transcript> cached) {
    return cached.handle((t, error) -> error == null
            ? CompletableFuture.completedFuture(t)
            : CompletableFuture.<Transcript>failedFuture(realFailure(error)))
        .thenCompose(f -> f);
  }

  /** How a failure sits in the cache until Caffeine removes it: see {@link #shared}. */
  private static final class FailedJob extends CancellationException {
    private static final long serialVersionUID = 1L;

    FailedJob(Throwable failure) {
      super("failed job");
      initCause(failure);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private static Throwable realFailure(Throwable error) {
    Throwable e = unwrap(error);
    return e instanceof FailedJob && e.getCause() != null ? e.getCause() : e;
  }

  private static String contentKey(AudioSource source) {
    // The same bytes give the same key whether they came as an array or spooled to a file.
    if (source instanceof AudioSource.Spooled spooled) return "sha256:" + spooled.sha256();
    MessageDigest sha = sha256();
    if (source instanceof AudioSource.Bytes bytes) {
      sha.update(bytes.data());
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
    sha.update(((AudioSource.Remote) source).url().toString().getBytes(StandardCharsets.UTF_8));
    return "url-sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static String optionsKey(TranscriptionOptions options) {
    return options.model() + "|" + options.language().map(l -> l.toLowerCase(Locale.ROOT)).orElse("auto")
        + "|" + options.parameters().hashCode();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
