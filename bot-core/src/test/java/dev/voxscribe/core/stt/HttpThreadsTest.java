package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client's executor runs a task at once however many others are busy: the JDK client
 * completes a finished connect through it, and a completion that waited behind upload pumping
 * let the connect timer cancel healthy creates.
 */
class HttpThreadsTest {
  @Test
  void aTaskNeverWaitsBehindBusyOnes() throws Exception {
    ExecutorService http = HttpThreads.create("test-http");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(64);
    try {
      for (int i = 0; i < 64; i++) {
        http.execute(() -> {
          busy.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertThat(busy.await(30, TimeUnit.SECONDS)).as("64 tasks running at once").isTrue();
      CountDownLatch ran = new CountDownLatch(1);
      http.execute(ran::countDown);
      assertThat(ran.await(30, TimeUnit.SECONDS)).as("a 65th task runs while the 64 are busy").isTrue();
    } finally {
      release.countDown();
      http.shutdownNow();
    }
  }

  @Test
  void pastItsGuardTasksQueueRatherThanFail() throws Exception {
    ExecutorService http = HttpThreads.create("test-http");
    CountDownLatch release = new CountDownLatch(1);
    int tasks = HttpThreads.MAX_THREADS + 3;
    CountDownLatch done = new CountDownLatch(tasks);
    try {
      for (int i = 0; i < tasks; i++) {
        http.execute(() -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          done.countDown();
        });
      }
      release.countDown();
      assertThat(done.await(60, TimeUnit.SECONDS)).as("every task ran").isTrue();
    } finally {
      http.shutdownNow();
    }
  }
}
