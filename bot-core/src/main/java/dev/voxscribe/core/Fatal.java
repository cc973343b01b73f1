package dev.voxscribe.core;

import java.util.concurrent.CompletableFuture;

/**
 * An {@link Error} (OutOfMemoryError, StackOverflowError, a class that failed to load) means the
 * process can no longer be trusted: it must end, not stay alive and deaf. Threads that die of one
 * reach the JVM's default uncaught-exception handler, which the app sets to log it and exit. But
 * futures and scheduled tasks catch everything their work throws, an Error included, and hand it on
 * as a failure: the places that turn failures into answers pass them here, which hands an Error to
 * that same handler.
 */
public final class Fatal {
  private Fatal() {}

  /** Hands {@code failure} to the default uncaught-exception handler when it is, or hides, an {@link Error}. */
  public static void check(Throwable failure) {
    Throwable cur = failure;
    for (int depth = 0; cur != null && depth < 10; depth++, cur = cur.getCause()) {
      if (cur instanceof Error error && !(cur instanceof AssertionError)) {
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        if (handler != null) handler.uncaughtException(Thread.currentThread(), error);
        return;
      }
    }
  }

  /** {@code future}, with an Error it fails with handed to {@link #check}. */
  public static <T> CompletableFuture<T> watch(CompletableFuture<T> future) {
    future.whenComplete((v, e) -> {
      if (e != null) check(e);
    });
    return future;
  }
}
