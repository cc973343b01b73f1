package dev.voxscribe.core;

/** A chat platform the app can start and stop (Telegram, Discord). */
public interface Platform extends AutoCloseable {
  /** A short name for logs: {@code telegram}, {@code discord}. */
  String name();

  /** Connects and starts handling messages; returns once running. */
  void start() throws Exception;

  /** Stops taking new work, finishes or abandons what runs, releases threads. */
  @Override
  void close();
}
