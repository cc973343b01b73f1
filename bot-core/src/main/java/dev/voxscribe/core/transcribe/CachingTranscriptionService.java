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
import dev.voxscribe.core.store.GenerationStore;
import dev.voxscribe.core.store.TranscriptStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private final Kept kept;
  /** How often an instance waiting for another's create looks in the store. */
  static final Duration CLUSTER_CHECK = Duration.ofMillis(250);

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
    this(stt, defaults, limits, cache, ticker, metrics, spending, TranscriptStore.NONE, GenerationStore.NONE,
        Clock.systemUTC());
  }

  /**
   * With the store behind the caches too: finished transcripts and the generations in flight are
   * kept there, so after a restart the same audio costs no create, and a platform key no download.
   */
  public CachingTranscriptionService(
      SpeechToText stt,
      TranscriptionOptions defaults,
      TranscriptionLimits limits,
      CachePolicy cache,
      Ticker ticker,
      Metrics metrics,
      Spending spending,
      TranscriptStore transcripts,
      GenerationStore generations,
      Clock clock) {
    this(stt, defaults, limits, cache, ticker, metrics, spending, transcripts, generations, clock, Optional.empty(),
        ALONE_NO_CLUSTER_WAIT);
  }

  /**
   * As above, for one instance of several on one database: the same audio reaching two instances
   * at once is created by one ({@link GenerationStore#claimCreate}); the other looks for its
   * generation (then polls it) or its transcript every {@link #CLUSTER_CHECK} on {@code scheduler},
   * holding no thread, and creates itself only when the first gave up or died. A job waits so at
   * most {@code jobTimeout} ({@code VOXSCRIBE_JOB_TIMEOUT}), then fails as past its deadline.
   */
  public CachingTranscriptionService(
      SpeechToText stt,
      TranscriptionOptions defaults,
      TranscriptionLimits limits,
      CachePolicy cache,
      Ticker ticker,
      Metrics metrics,
      Spending spending,
      TranscriptStore transcripts,
      GenerationStore generations,
      Clock clock,
      Optional<ScheduledExecutorService> scheduler,
      Duration jobTimeout) {
    if (jobTimeout.isNegative() || jobTimeout.isZero()) {
      throw new IllegalArgumentException("job timeout must be positive, got " + jobTimeout);
    }
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
    this.kept = new Kept(transcripts, generations, clock, cache.ttl(), scheduler, jobTimeout);
  }

  /**
   * The cluster wait's deadline where there is no cluster: without a scheduler no job ever waits for
   * another instance's create, so this bounds nothing; any positive value would do.
   */
  private static final Duration ALONE_NO_CLUSTER_WAIT = Duration.ofMinutes(10);

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
      // Kept in the store, from before a restart: free too, with no download.
      Optional<CompletableFuture<Transcript>> stored = kept.lookup(alias.get(), List.of(alias.get()));
      if (stored.isPresent()) {
        spending.cacheHit(who);
        return stored.get();
      }
    }
    Spending.Ticket ticket;
    try {
      ticket = spending.admit(who, request.declaredDuration());
    } catch (TranscriptionException e) {
      return CompletableFuture.failedFuture(e);
    }
    // A job the service took before a restart is polled again: no download, no second create.
    // So is a job whose keeper recorded the generation (even without a platform key to find it by).
    Supplier<CompletableFuture<Transcript>> job = () -> gate.submit(who, () -> request.generation()
        .map(g -> kept.polledAgain(g, alias.map(List::of).orElse(List.of()), request, options))
        .or(() -> alias.flatMap(a -> kept.resumed(a, List.of(a), request, options)))
        .orElseGet(() -> fetchAndTranscribe(request, options, ticket, alias)));
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
      Spending.Ticket ticket, Optional<String> alias) {
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
            List<String> keys = alias.map(a -> List.of(key, a)).orElse(List.of(key));
            return shared(byContent, key, () -> kept.lookup(key, keys)
                .or(() -> kept.resumed(key, keys, request, options))
                .orElseGet(() -> {
                  used.set(true);
                  return kept.once(key, keys, request, options, () -> {
                    if (!request.progress().creating()) {
                      // Another instance took the job over and answers it: this one neither pays nor answers.
                      AudioSpool.discard(source);
                      return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.INTERRUPTED,
                          "the job was taken over by another instance; not created here"));
                    }
                    ticket.created();
                    String sent = java.util.UUID.randomUUID().toString();
                    return kept.keep(keys, stt.transcribe(source, options, request.declaredDuration(),
                        () -> kept.sentWhole(keys, sent), started -> {
                      kept.started(keys, started);
                      request.progress().polling(started.generationId(), started.createdAt());
                    }));
                  }, () -> AudioSpool.discard(source));
                }), request.requester());
          } finally {
            // Refused, answered by an identical job or from the store: its spool file is not needed.
            if (!used.get()) AudioSpool.discard(source);
          }
        });
  }

  private void check(long size, String contentType) {
    if (size > limits.maxBytes()) throw tooLarge(size);
    // An empty file (a 0-byte attachment, a cut-off upload) holds no audio: refused, not paid for.
    if (size == 0) throw new TranscriptionException(FailureKind.UNSUPPORTED_MEDIA, "the file is empty");
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

  /**
   * The store behind the caches: finished transcripts by every key they were asked under, and jobs
   * the service took, so a restart polls them again rather than paying for a second create.
   */
  private final class Kept {
    /** How long the service keeps a result after its creation. */
    private static final Duration RETENTION = Duration.ofHours(1);

    private final TranscriptStore transcripts;
    private final GenerationStore generations;
    private final Clock clock;
    private final Duration ttl;
    private final Optional<ScheduledExecutorService> scheduler;
    /** How long a job waits for another instance's create before it fails as past its deadline. */
    private final Duration jobTimeout;

    Kept(TranscriptStore transcripts, GenerationStore generations, Clock clock, Duration ttl,
        Optional<ScheduledExecutorService> scheduler, Duration jobTimeout) {
      this.transcripts = transcripts;
      this.generations = generations;
      this.clock = clock;
      this.ttl = ttl;
      this.scheduler = scheduler;
      this.jobTimeout = jobTimeout;
    }

    /**
     * One create of {@code key} in the whole cluster: {@code create} runs when this instance claims
     * the key; otherwise another instance is creating it, and this one waits for its generation
     * (polled from here too) or its transcript. {@code unused} runs when this instance's audio is
     * not needed after all.
     */
    CompletableFuture<Transcript> once(String key, List<String> keys, TranscriptionRequest request,
        TranscriptionOptions options, Supplier<CompletableFuture<Transcript>> create, Runnable unused) {
      if (scheduler.isEmpty() || generations.claimCreate(key)) return claimed(key, create);
      log.info("Another instance is creating {}; waiting for its generation instead of creating it again", key);
      CompletableFuture<Transcript> result = new CompletableFuture<>();
      // The job's own deadline: an instance that holds the claim but never gets the service to take
      // the create (alive, renewing, stuck) must not keep this job waiting until the claim lapses.
      Instant deadline = clock.instant().plus(jobTimeout);
      later(() -> awaitOther(key, keys, request, options, create, unused, result, deadline), result, unused);
      return result;
    }

    private CompletableFuture<Transcript> claimed(String key, Supplier<CompletableFuture<Transcript>> create) {
      CompletableFuture<Transcript> job;
      try {
        job = create.get();
      } catch (RuntimeException e) {
        job = CompletableFuture.failedFuture(e);
      }
      // After keep() stored the transcript: whoever waits finds it before it can claim the key.
      return job.whenComplete((t, error) -> generations.releaseCreate(key));
    }

    private void awaitOther(String key, List<String> keys, TranscriptionRequest request, TranscriptionOptions options,
        Supplier<CompletableFuture<Transcript>> create, Runnable unused, CompletableFuture<Transcript> result,
        Instant deadline) {
      if (result.isDone()) return;
      Optional<Transcript> done = transcripts.find(key, clock.instant());
      if (done.isPresent()) {
        unused.run();
        result.complete(done.get());
        return;
      }
      if (!clock.instant().isBefore(deadline)) {
        log.info("Gave up waiting for another instance's create of {} after the job timeout ({})", key, jobTimeout);
        unused.run();
        result.completeExceptionally(new TranscriptionException(FailureKind.DEADLINE, "the job timeout ("
            + jobTimeout + ") passed while another instance held the create of this audio; nothing was created"));
        return;
      }
      // The other's note that its create went out whole is no generation to poll: wait for the real one.
      Optional<GenerationStore.Generation> taken = generations.find(key).filter(g -> !g.unanswered());
      if (taken.isPresent()) {
        unused.run();
        GenerationStore.Generation g = taken.get();
        log.info("Generation {} was created by another instance; polling it", g.generationId());
        request.progress().polling(g.generationId(), g.createdAt());
        pipe(polledAgain(new SpeechToText.Started(g.generationId(), g.createdAt()), keys, request, options), result);
        return;
      }
      if (generations.claimCreate(key)) {
        // The other instance gave up or died before the service took its create; unless it finished meanwhile.
        Optional<Transcript> meanwhile = transcripts.find(key, clock.instant());
        if (meanwhile.isPresent()) {
          generations.releaseCreate(key);
          unused.run();
          result.complete(meanwhile.get());
          return;
        }
        // What the other left is judged as after a restart (an unanswered create of a resumed job is not sent again).
        Optional<CompletableFuture<Transcript>> left = resumed(key, keys, request, options);
        if (left.isPresent()) {
          unused.run();
          pipe(left.get().whenComplete((t, error) -> generations.releaseCreate(key)), result);
          return;
        }
        pipe(claimed(key, create), result);
        return;
      }
      later(() -> awaitOther(key, keys, request, options, create, unused, result, deadline), result, unused);
    }

    private void later(Runnable check, CompletableFuture<Transcript> result, Runnable unused) {
      Runnable guarded = () -> {
        try {
          check.run();
        } catch (RuntimeException e) {
          unused.run();
          result.completeExceptionally(e);
        }
      };
      try {
        scheduler.orElseThrow().schedule(guarded, CLUSTER_CHECK.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        unused.run();
        result.completeExceptionally(new TranscriptionException(FailureKind.TRANSPORT, "the bot is stopping"));
      }
    }

    private void pipe(CompletableFuture<Transcript> from, CompletableFuture<Transcript> to) {
      from.whenComplete((t, error) -> {
        if (error != null) to.completeExceptionally(unwrap(error));
        else to.complete(t);
      });
    }

    /** The kept transcript of {@code key}, kept from now on under every one of {@code keys} too. */
    Optional<CompletableFuture<Transcript>> lookup(String key, List<String> keys) {
      return transcripts.find(key, clock.instant()).map(t -> {
        log.debug("Store hit for {}", key);
        metrics.cacheHit();
        Instant expires = clock.instant().plus(ttl);
        for (String other : keys) {
          if (!other.equals(key)) transcripts.put(other, t, expires);
        }
        return CompletableFuture.completedFuture(t);
      });
    }

    /** A job the service took before a restart, polled again; past the service's retention, the short failure. */
    Optional<CompletableFuture<Transcript>> resumed(
        String key, List<String> keys, TranscriptionRequest request, TranscriptionOptions options) {
      Optional<GenerationStore.Generation> found = generations.find(key);
      if (found.isEmpty()) return Optional.empty();
      GenerationStore.Generation g = found.get();
      if (g.unanswered()) {
        // A new message asks anew (the person sent it again, or someone else sent the same audio): created.
        if (!request.resumed()) return Optional.empty();
        log.warn("A create for {} reached the service whole before the restart, with no answer back: it may have "
            + "been paid, and cannot be polled without its id; not sending it again", key);
        return Optional.of(CompletableFuture.failedFuture(new TranscriptionException(FailureKind.INTERRUPTED,
            "the bot stopped after the audio was sent to the service and before its answer came")));
      }
      if (g.createdAt().plus(RETENTION).isBefore(clock.instant())) {
        generations.remove(key);
        return Optional.of(CompletableFuture.failedFuture(new TranscriptionException(FailureKind.NOT_FOUND,
            "generation " + g.generationId() + " was created over an hour ago; the service no longer keeps it")));
      }
      request.progress().polling(g.generationId(), g.createdAt());
      return Optional.of(polledAgain(new SpeechToText.Started(g.generationId(), g.createdAt()), keys, request, options));
    }

    /**
     * A generation the service took before a restart, polled again: no download, no create. Past the
     * service's retention it is the usual short failure (the service would answer 404).
     */
    CompletableFuture<Transcript> polledAgain(
        SpeechToText.Started g, List<String> keys, TranscriptionRequest request, TranscriptionOptions options) {
      if (g.createdAt().plus(RETENTION).isBefore(clock.instant())) {
        keys.forEach(generations::remove);
        return CompletableFuture.failedFuture(new TranscriptionException(FailureKind.NOT_FOUND,
            "generation " + g.generationId() + " was created over an hour ago; the service no longer keeps it"));
      }
      log.info("Polling generation {} again, created before the restart", g.generationId());
      // Kept under every key it was asked under before, so a forward and the same bytes both find it.
      List<String> all = new ArrayList<>(keys);
      generations.keys(g.generationId()).stream().filter(k -> !all.contains(k)).forEach(all::add);
      return keep(all, stt.resume(g, options, request.declaredDuration()));
    }

    /**
     * Noted before the create's last bytes go out: from here on the service may have the job, so a
     * restart must not send it again for any of {@code keys}.
     */
    void sentWhole(List<String> keys, String requestId) {
      GenerationStore.Generation g = GenerationStore.Generation.sentUnanswered(requestId, clock.instant());
      for (String key : keys) generations.put(key, g);
    }

    void started(List<String> keys, SpeechToText.Started started) {
      GenerationStore.Generation g = new GenerationStore.Generation(started.generationId(), started.createdAt());
      for (String key : keys) generations.put(key, g);
    }

    /**
     * Keeps the transcript when the job ends well. When it ends for good (the service failed it or
     * lost it) the generation is forgotten; after a transient failure or a shutdown it stays, so
     * the next attempt polls it instead of paying again.
     */
    CompletableFuture<Transcript> keep(List<String> keys, CompletableFuture<Transcript> job) {
      return job.whenComplete((t, error) -> {
        if (error == null) {
          Instant expires = clock.instant().plus(ttl);
          for (String key : keys) {
            transcripts.put(key, t, expires);
            generations.remove(key);
          }
        } else {
          FailureKind kind = TranscriptionException.from(error).kind();
          if (!kind.retryable() && kind != FailureKind.DEADLINE) keys.forEach(generations::remove);
        }
      });
    }
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
