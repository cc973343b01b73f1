package dev.voxscribe.telegram;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Counts webhook calls refused for a missing or wrong secret, and says when to log them: the first
 * at once, then at most one line a minute with how many there were. Anyone can call the endpoint,
 * and a thousand forged calls must not become a thousand log lines.
 */
final class RefusedCalls {
  static final Duration EVERY = Duration.ofMinutes(1);

  private final Clock clock;
  private @Nullable Instant lastLine;
  private long unlogged;

  RefusedCalls(Clock clock) {
    this.clock = clock;
  }

  /** Counts one refusal; returns the line to log now, if one is due. */
  synchronized Optional<String> refused(InetAddress from, boolean secretGiven) {
    Instant now = clock.instant();
    unlogged++;
    if (lastLine != null && now.isBefore(lastLine.plus(EVERY))) return Optional.empty();
    String why = secretGiven ? "a wrong secret token" : "no secret token";
    String line = lastLine == null || unlogged == 1
        ? "Refused a webhook call with " + why + " from " + from.getHostAddress()
            + " (answered 401; further refusals are counted and logged at most once a minute)"
        : "Refused " + unlogged + " webhook calls without the right secret token in the last "
            + Duration.between(lastLine, now).toSeconds() + " s (the latest with " + why + " from "
            + from.getHostAddress() + ")";
    lastLine = now;
    unlogged = 0;
    return Optional.of(line);
  }
}
