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
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
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
  private final CachingTranscriptionService service;
  private final SpeechApi api;
  private final PollingSpeechToText stt;

  private TranscriptionStack(Function<CostBook, SpeechApi> api, TranscriptionOptions defaults, TranscriptionLimits limits,
      CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker, SpendPolicy spend, UsageStore usage) {
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("voxscribe-scheduler"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.createIo = pool(CREATE_THREADS, "voxscribe-create");
    this.pollIo = pool(POLL_THREADS, "voxscribe-poll");
    this.metrics = new Metrics();
    Spending spending = new Spending(spend, usage, clock, metrics);
    this.api = api.apply(spending.costs());
    this.stt = new PollingSpeechToText(this.api, scheduler, createIo, pollIo, clock, poll, metrics);
    this.service = new CachingTranscriptionService(stt, defaults, limits, cache, ticker, metrics, spending);
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
        Ticker.systemTicker(), spend, usage);
  }

  /** Against any {@link SpeechApi}, with the given clock and ticker (tests and benchmarks). */
  public static TranscriptionStack start(SpeechApi api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker) {
    return new TranscriptionStack(costs -> api, defaults, limits, cache, poll, clock, ticker, SpendPolicy.UNLIMITED,
        UsageStore.inMemory());
  }

  /** Quotas, usage counters and the charge API for other paid work. */
  public Spending spending() {
    return service.spending();
  }

  /** Against any {@link SpeechApi}, with quotas counted in {@code usage} (tests and benchmarks). */
  public static TranscriptionStack start(SpeechApi api, TranscriptionOptions defaults, TranscriptionLimits limits,
      CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker, SpendPolicy spend, UsageStore usage) {
    return new TranscriptionStack(costs -> api, defaults, limits, cache, poll, clock, ticker, spend, usage);
  }

  /** Keeps the poll scheduler's learned timings in {@code store} across restarts (restored now). */
  public void persistLearning(dev.voxscribe.core.store.SnapshotStore store) {
    stt.persistLearning(store);
  }

  /** Downloads of this stack's adapters go to {@code spool} (set once, before the platforms start). */
  public TranscriptionStack spoolingTo(AudioSpool spool) {
    service.spoolingTo(spool);
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
