package dev.voxscribe.app;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's default uncaught-exception handler: an {@link Error} in any thread (or handed on by
 * {@code core.Fatal} from a future) is logged through the logger and ends the process with
 * {@link #EXIT_CODE}, so the supervisor restarts it and the jobs in the store resume; it never stays
 * alive and deaf. Other exceptions that kill a thread are logged and the process goes on.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);
  /** EX_SOFTWARE of sysexits.h: an internal error. */
  static final int EXIT_CODE = 70;

  private final IntConsumer halt;
  private final AtomicBoolean ending = new AtomicBoolean();

  /** @param halt ends the process at once ({@code Runtime.halt}: shutdown hooks may need the memory that ran out) */
  FatalErrors(IntConsumer halt) {
    this.halt = halt;
  }

  static void install() {
    Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(code -> Runtime.getRuntime().halt(code)));
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    if (!(e instanceof Error)) {
      log.error("Thread {} died of an unexpected exception", thread.getName(), e);
      return;
    }
    if (!ending.compareAndSet(false, true)) return;
    try {
      log.error("Fatal {} in thread {}: exiting with code {} so the supervisor restarts VoxScribe (unfinished jobs resume)",
          e.getClass().getName(), thread.getName(), EXIT_CODE, e);
    } catch (Throwable logging) {
      // Out of memory even for the log line: exit all the same.
    } finally {
      halt.accept(EXIT_CODE);
    }
  }
}
