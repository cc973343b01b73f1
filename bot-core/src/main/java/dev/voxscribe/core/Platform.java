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

  /** Stops taking new work, finishes or abandons what runs, releases threads. */
  @Override
  void close();
}
