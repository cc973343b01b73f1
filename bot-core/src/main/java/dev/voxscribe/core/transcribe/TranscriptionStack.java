package dev.voxscribe.core.transcribe;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.stt.AimlSpeechApi;
import dev.voxscribe.core.stt.PollPolicy;
import dev.voxscribe.core.stt.PollingSpeechToText;
import dev.voxscribe.core.stt.SpeechApi;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
  private final TranscriptionService service;
  private final SpeechApi api;
  private final PollingSpeechToText stt;

  private TranscriptionStack(SpeechApi api, TranscriptionOptions defaults, TranscriptionLimits limits,
      CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker) {
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("voxscribe-scheduler"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.createIo = pool(CREATE_THREADS, "voxscribe-create");
    this.pollIo = pool(POLL_THREADS, "voxscribe-poll");
    this.metrics = new Metrics();
    this.api = api;
    this.stt = new PollingSpeechToText(api, scheduler, createIo, pollIo, clock, poll, metrics);
    this.service = new CachingTranscriptionService(stt, defaults, limits, cache, ticker, metrics);
  }

  /** Against the AI/ML API, on the system clock. */
  public static TranscriptionStack start(AimlApiSettings api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll) {
    Clock clock = Clock.systemUTC();
    return new TranscriptionStack(new AimlSpeechApi(api, clock), defaults, limits, cache, poll, clock, Ticker.systemTicker());
  }

  /** Against any {@link SpeechApi}, with the given clock and ticker (tests and benchmarks). */
  public static TranscriptionStack start(SpeechApi api, TranscriptionOptions defaults,
      TranscriptionLimits limits, CachePolicy cache, PollPolicy poll, Clock clock, Ticker ticker) {
    return new TranscriptionStack(api, defaults, limits, cache, poll, clock, ticker);
  }

  public TranscriptionService service() {
    return service;
  }

  public Metrics metrics() {
    return metrics;
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
