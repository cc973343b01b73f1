package dev.voxscribe.core;

/** A chat platform the app can start and stop (Telegram, Discord). */
public interface Platform extends AutoCloseable {
  /** A short name for logs: {@code telegram}, {@code discord}. */
  String name();

  /** Connects and starts handling messages; returns once running. */
  void start() throws Exception;

  /**
   * Whether the platform is connected and taking messages now (for {@code /readyz}). Cheap: it reads
   * the state the platform keeps, it never calls out.
   */
  Health health();

  /**
   * Stops taking new work (the first step of a graceful stop): no new updates are fetched or
   * accepted; jobs in flight go on.
   */
  default void stopTaking() {}

  /**
   * Waits up to {@code grace} for the jobs in flight to be answered.
   *
   * @return true when none is left; the others stay in the store for the next start
   */
  default boolean awaitIdle(java.time.Duration grace) {
    return true;
  }

  /** Stops taking new work, finishes or abandons what runs, releases threads. */
  @Override
  void close();
}
