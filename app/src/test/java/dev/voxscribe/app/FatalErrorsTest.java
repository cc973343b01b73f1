package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.voxscribe.core.Fatal;
import dev.voxscribe.core.TranscriptionException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An Error anywhere ends the process through the logger; it never leaves the bot alive and deaf. */
class FatalErrorsTest {
  private final List<Integer> exits = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FatalErrors.class);
  private Thread.UncaughtExceptionHandler before;

  @BeforeEach
  void install() {
    before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(exits::add));
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void restore() {
    Thread.setDefaultUncaughtExceptionHandler(before);
    logger.detachAppender(appender);
  }

  @Test
  void anErrorInAWorkerThreadIsLoggedAndEndsTheProcess() throws Exception {
    Thread worker = new Thread(() -> {
      throw new OutOfMemoryError("Java heap space");
    }, "voxscribe-create-1");
    worker.start();
    worker.join(5_000);
    assertThat(exits).containsExactly(FatalErrors.EXIT_CODE);
    assertThat(appender.list).singleElement().satisfies(e -> {
      assertThat(e.getFormattedMessage()).contains("java.lang.OutOfMemoryError").contains("voxscribe-create-1")
          .contains("exiting with code 70");
      assertThat(e.getThrowableProxy()).isNotNull();
    });
  }

  @Test
  void anErrorCaughtByAFutureOrAScheduledTaskEndsTheProcessToo() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      CompletableFuture<String> job = new CompletableFuture<>();
      scheduler.schedule(() -> {
        try {
          throw new StackOverflowError();
        } catch (Throwable t) {
          job.completeExceptionally(t); // what CompletableFuture.supplyAsync does with it
        }
      }, 1, TimeUnit.MILLISECONDS);
      TranscriptionException answer = job.handle((v, e) -> TranscriptionException.from(e)).get(5, TimeUnit.SECONDS);
      assertThat(answer).isNotNull();
      assertThat(exits).containsExactly(FatalErrors.EXIT_CODE);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void ordinaryFailuresAndExceptionsThatKillAThreadDoNotEndIt() throws Exception {
    Fatal.check(new CompletionException(new IllegalStateException("a bug")));
    Thread t = new Thread(() -> {
      throw new IllegalStateException("a bug in a thread");
    });
    t.start();
    t.join(5_000);
    assertThat(exits).isEmpty();
  }
}
