package dev.voxscribe.core.stt;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP client's executor: a task never waits behind busy ones. The client runs its
 * upload pumping on this executor and also completes a finished TCP connect through it; with a
 * small fixed pool busy pumping many large uploads, that completion waited past the connect
 * timeout, whose timer then cancelled a healthy create as "request timed out" (a create that may
 * have been taken, so not sent again: 22 of 100 concurrent 19 MB jobs failed, BENCHMARKS.md).
 *
 * <p>So threads are made as the exchanges need them and retire when idle, as the JDK's default
 * executor does; their number follows the requests in flight, which {@code
 * VOXSCRIBE_MAX_CONCURRENT_JOBS} bounds (a job has one request in flight at a time). Past {@link
 * #MAX_THREADS} busy threads, tasks queue for two more rather than fail.
 */
final class HttpThreads {
  /** Far above what the job limit lets run at once; a guard, not a working limit. */
  static final int MAX_THREADS = 512;
  static final Duration IDLE = Duration.ofSeconds(30);

  private HttpThreads() {}

  static ExecutorService create(String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ExecutorService overflow = Executors.newFixedThreadPool(2, r -> threads.newThread(r));
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, MAX_THREADS, IDLE.toSeconds(), TimeUnit.SECONDS,
        new SynchronousQueue<>(), threads, (task, full) -> {
          if (!full.isShutdown()) overflow.execute(task);
        }) {
      @Override
      protected void terminated() {
        overflow.shutdownNow();
      }
    };
    return pool;
  }
}
