package dev.voxscribe.core.transcribe;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.stt.AimlSpeechApi;
import dev.voxscribe.core.stt.PollPolicy;
import dev.voxscribe.core.stt.PollingSpeechToText;
import dev.voxscribe.core.stt.SpeechApi;
import dev.voxscribe.core.spend.CostBook;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.spend.Spending;
import dev.voxscribe.core.store.UsageStore;
import java.time.Clock;
import dev.voxscribe.core.store.GenerationStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.store.StoreJanitor;
import dev.voxscribe.core.store.TranscriptStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The transcription service wired to the AI/ML API with the threads it owns: one scheduler for
 * every pause and two small pools that start requests and handle their answers (the requests
 * themselves hold no thread). Close it to release them.
 */
public final class TranscriptionStack implements AutoCloseable {
  /**
   * Threads that start creates and handle their answers. Requests are asynchronous, so this does
   * not limit how many uploads are in flight (the job gate does: VOXSCRIBE_MAX_CONCURRENT_JOBS).
   */
  public static final int CREATE_THREADS = 2;
  /** Threads that start polls and handle their answers, kept apart so a burst of creates never delays a result. */
  public static final int POLL_THREADS = 2;

  private final ScheduledThreadPoolExecutor scheduler;
  private final ThreadPoolExecutor createIo;
  private final ThreadPoolExecutor pollIo;
  private final Metrics metrics;
  private final CachingTranscriptionService caching;
  private final TranscriptionService service;
  private final SpeechApi api;
  private final PollingSpeechToText stt;
  private final Optional<Store> store;
  private final Clock clock;

  private TranscriptionStack(Function<CostBook, SpeechApi> api, TranscriptionOptions defaults, TranscriptionLimits limits,
      CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker, SpendPolicy spend, UsageStore usage,
      Optional<Store> store) {
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("voxscribe-scheduler"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.createIo = pool(CREATE_THREADS, "voxscribe-create");
    this.pollIo = pool(POLL_THREADS, "voxscribe-poll");
    this.metrics = new Metrics();
    Spending spending = new Spending(spend, usage, clock, metrics);
    this.api = api.apply(spending.costs());
    this.stt = new PollingSpeechToText(this.api, scheduler, createIo, pollIo, clock, poll, metrics);
    this.caching = new CachingTranscriptionService(stt, defaults, limits, cache, ticker, metrics, spending,
        store.map(Store::transcripts).orElse(TranscriptStore.NONE),
        store.map(Store::generations).orElse(GenerationStore.NONE), clock,
        store.map(s -> (ScheduledExecutorService) scheduler), poll.jobTimeout());
    this.service = new TidyTranscripts(caching);
    this.store = store;
    this.clock = clock;
    // What the estimator learned is kept by persistLearning (the store's snapshot port).
    store.ifPresent(s -> StoreJanitor.schedule(s, scheduler, clock));
    // This instance's jobs and create claims stay its own while it lives (several instances on one database).
    store.ifPresent(s -> StoreJanitor.renewLeases(s, scheduler));
  }


  /** Against the AI/ML API, on the system clock. */
  public static TranscriptionStack start(AimlApiSettings api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll) {
    return start(api, defaults, limits, cache, poll, SpendPolicy.UNLIMITED, UsageStore.inMemory(), Clock.systemUTC());
  }

  /**
   * Against the AI/ML API with quotas, access lists and per-person lines, counted in {@code usage}.
   *
   * @param clock the days of quotas and budget are UTC days of this clock
   */
  public static TranscriptionStack start(AimlApiSettings api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll, SpendPolicy spend, UsageStore usage, Clock clock) {
    return new TranscriptionStack(costs -> new AimlSpeechApi(api, clock, costs), defaults, limits, cache, poll, clock,
        Ticker.systemTicker(), spend, usage, Optional.empty());
  }

  /**
   * The bot's stack: quotas counted in the store's usage, and finished transcripts, jobs in flight
   * and the estimator's learning kept in {@code store}, so after a restart the same audio is
   * answered without a second create. The caller closes the store.
   */
  public static TranscriptionStack start(AimlApiSettings api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll, SpendPolicy spend, Store store, Clock clock) {
    return new TranscriptionStack(costs -> new AimlSpeechApi(api, clock, costs), defaults, limits, cache, poll, clock,
        Ticker.systemTicker(), spend, store.usage(), Optional.of(store));
  }

  /** Against the AI/ML API with finished transcripts and jobs in flight kept in {@code store}, no quotas. */
  public static TranscriptionStack start(AimlApiSettings api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll, Store store) {
    return start(api, defaults, limits, cache, poll, SpendPolicy.UNLIMITED, store, Clock.systemUTC());
  }

  /** Against any {@link SpeechApi}, with the given clock and ticker (tests and benchmarks). */
  public static TranscriptionStack start(SpeechApi api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker) {
    return new TranscriptionStack(costs -> api, defaults, limits, cache, poll, clock, ticker, SpendPolicy.UNLIMITED,
        UsageStore.inMemory(), Optional.empty());
  }

  /** Quotas, usage counters and the charge API for other paid work. */
  public Spending spending() {
    return service.spending();
  }

  /** Against any {@link SpeechApi}, with quotas counted in {@code usage} (tests and benchmarks). */
  public static TranscriptionStack start(SpeechApi api, TranscriptionOptions defaults, TranscriptionLimits limits,
      CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker, SpendPolicy spend, UsageStore usage) {
    return new TranscriptionStack(costs -> api, defaults, limits, cache, poll, clock, ticker, spend, usage,
        Optional.empty());
  }

  /** Against any {@link SpeechApi}, with a store (tests and benchmarks). */
  public static TranscriptionStack start(SpeechApi api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker, Store store) {
    return new TranscriptionStack(costs -> api, defaults, limits, cache, poll, clock, ticker, SpendPolicy.UNLIMITED,
        UsageStore.inMemory(), Optional.of(store));
  }

  /** Keeps the poll scheduler's learned timings in {@code store} across restarts (restored now). */
  public void persistLearning(dev.voxscribe.core.store.SnapshotStore store) {
    stt.persistLearning(store);
  }

  /** Downloads of this stack's adapters go to {@code spool} (set once, before the platforms start). */
  public TranscriptionStack spoolingTo(AudioSpool spool) {
    caching.spoolingTo(spool);
    return this;
  }

  public TranscriptionService service() {
    return service;
  }

  public Metrics metrics() {
    return metrics;
  }

  /**
   * A no-op task through each of the stack's pools ({@code scheduler}, {@code create}, {@code poll}),
   * for a liveness probe: each answers within about {@code bound}.
   */
  public java.util.Map<String, java.util.concurrent.CompletableFuture<dev.voxscribe.core.Health>> probe(Duration bound) {
    java.util.Map<String, java.util.concurrent.CompletableFuture<dev.voxscribe.core.Health>> probes = new java.util.LinkedHashMap<>();
    probes.put("scheduler", dev.voxscribe.core.PoolProbe.probe(scheduler, bound));
    probes.put("create-pool", dev.voxscribe.core.PoolProbe.probe(createIo, bound));
    probes.put("poll-pool", dev.voxscribe.core.PoolProbe.probe(pollIo, bound));
    return probes;
  }

  /** The scheduler the stack owns; adapters may share it for their own short timers. */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    stt.shutdown();
    scheduler.shutdownNow();
    if (api instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // shutting down: nothing more to do
      }
    }
    for (ThreadPoolExecutor pool : new ThreadPoolExecutor[] {createIo, pollIo}) {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) pool.shutdownNow();
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadPoolExecutor pool(int threads, String name) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Defaults for tests of other modules: fast polls, short retries. */
  public static PollPolicy fastPolls(Duration jobTimeout) {
    return new PollPolicy(jobTimeout, Duration.ofMillis(20), Duration.ofMillis(200), 4,
        Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(30));
  }
}
