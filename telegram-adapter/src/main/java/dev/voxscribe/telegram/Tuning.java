package dev.voxscribe.telegram;

import java.time.Clock;
import java.time.Duration;

/**
 * Timings and sizes of the adapter, fixed in production and shortened by tests.
 *
 * @param placeholderAfter how long a transcription may take before a placeholder reply is sent
 * @param typingEvery the least time between two chat actions in one chat (Telegram shows one ~5 s)
 * @param pollTimeout the long-poll {@code timeout} of {@code getUpdates}
 * @param maxSendAttempts attempts per send or edit when Telegram answers 429
 * @param maxMessages transcripts needing more messages than this are sent as a {@code .txt} file
 * @param clock the clock for Telegram's {@code retry_after} windows and the webhook's refusal log
 * @param webhook what one webhook client may cost the server
 */
record Tuning(
    Duration placeholderAfter,
    Duration typingEvery,
    Duration pollTimeout,
    int maxSendAttempts,
    int maxMessages,
    Clock clock,
    WebhookLimits webhook) {

  Tuning {
    if (placeholderAfter.isNegative()) {
      throw new IllegalArgumentException("placeholder delay must not be negative, got " + placeholderAfter);
    }
    if (typingEvery.isNegative() || typingEvery.isZero()) {
      throw new IllegalArgumentException("typing interval must be positive, got " + typingEvery);
    }
    if (pollTimeout.isNegative() || pollTimeout.toSeconds() > 600) {
      throw new IllegalArgumentException("poll timeout must be 0-600 s, got " + pollTimeout);
    }
    if (maxSendAttempts < 1) throw new IllegalArgumentException("send attempts must be at least 1, got " + maxSendAttempts);
    if (maxMessages < 1) throw new IllegalArgumentException("messages per transcript must be at least 1, got " + maxMessages);
  }

  static Tuning defaults() {
    return new Tuning(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(50), 5, 3, Clock.systemUTC(),
        WebhookLimits.defaults());
  }

  Tuning withPlaceholderAfter(Duration d) {
    return new Tuning(d, typingEvery, pollTimeout, maxSendAttempts, maxMessages, clock, webhook);
  }

  Tuning withPollTimeout(Duration d) {
    return new Tuning(placeholderAfter, typingEvery, d, maxSendAttempts, maxMessages, clock, webhook);
  }

  Tuning withClock(Clock c) {
    return new Tuning(placeholderAfter, typingEvery, pollTimeout, maxSendAttempts, maxMessages, c, webhook);
  }

  Tuning withWebhook(WebhookLimits limits) {
    return new Tuning(placeholderAfter, typingEvery, pollTimeout, maxSendAttempts, maxMessages, clock, limits);
  }
}
