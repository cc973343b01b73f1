package dev.voxscribe.config;

import java.time.Duration;

/**
 * How the bot stops and starts without losing work.
 *
 * @param shutdownGrace {@code VOXSCRIBE_SHUTDOWN_GRACE}: how long SIGTERM waits for jobs in flight
 *     before leaving them in the store for the next start
 * @param catchUp {@code VOXSCRIBE_CATCH_UP}: how far back, after a reconnect, Discord voice messages
 *     posted while the bot was away are still transcribed
 */
public record DurabilityConfig(Duration shutdownGrace, Duration catchUp) {
  public static DurabilityConfig defaults() {
    return new DurabilityConfig(Duration.ofSeconds(10), Duration.ofHours(1));
  }
}
