package dev.voxscribe.core;

import java.util.concurrent.ForkJoinPool;

/**
 * Keeps {@link java.util.concurrent.CompletableFuture}'s default executor a pool on small machines.
 * The JDK HTTP client hands every asynchronous answer to that executor; with a common pool of
 * parallelism 1 (two CPUs or fewer, as in most small containers and VPSs) it is a
 * thread-per-task executor that starts a new thread for each answer, which made a thousand waiting
 * jobs on two cores answer 2 s later than one job alone. Call {@link #install()} first thing in
 * {@code main}, before anything touches {@code ForkJoinPool} or {@code CompletableFuture}.
 */
public final class AsyncPool {
  static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
  static final int MINIMUM = 2;

  private AsyncPool() {}

  /** Asks for a common pool of at least two threads unless the operator chose a size. */
  public static void install() {
    String chosen = chosen(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
    if (chosen != null) System.setProperty(PROPERTY, chosen);
  }

  /** The value to set, or null to leave the JVM's choice (an operator's setting, or enough CPUs). */
  static String chosen(String existing, int processors) {
    if (existing != null && !existing.isBlank()) return null;
    return processors - 1 >= MINIMUM ? null : Integer.toString(MINIMUM);
  }

  /** The common pool's parallelism as it is now, for the start-up line. */
  public static int parallelism() {
    return ForkJoinPool.getCommonPoolParallelism();
  }
}
