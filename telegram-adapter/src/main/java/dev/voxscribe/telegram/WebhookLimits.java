package dev.voxscribe.telegram;

import java.time.Duration;

/**
 * What one webhook client may cost the server. Telegram sends small updates at once over up to
 * {@code max_connections} (40 by default, 100 at most) connections; anything slower, larger or more
 * numerous is not Telegram and is cut off.
 *
 * @param headerTimeout a request's headers must have arrived this long after its connection opened
 *     or its previous exchange ended (so it also bounds an idle kept-alive connection)
 * @param bodyTimeout the body must have arrived this long after the headers
 * @param maxBodyBytes larger bodies are answered 413 without being read
 * @param maxConnections connections served at once; past it, new ones wait to be accepted
 * @param maxThreads the server's threads; a stalled client holds none of them while it stalls
 */
record WebhookLimits(Duration headerTimeout, Duration bodyTimeout, int maxBodyBytes, int maxConnections,
    int maxThreads) {

  WebhookLimits {
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("header timeout must be positive, got " + headerTimeout);
    }
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("body timeout must be positive, got " + bodyTimeout);
    }
    if (maxBodyBytes < 1) throw new IllegalArgumentException("body cap must be positive, got " + maxBodyBytes);
    if (maxConnections < 1) throw new IllegalArgumentException("connection bound must be positive, got " + maxConnections);
    if (maxThreads < 4) throw new IllegalArgumentException("the server needs at least 4 threads, got " + maxThreads);
  }

  static WebhookLimits defaults() {
    return new WebhookLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), 1 << 20, 256, 8);
  }

  WebhookLimits withTimeouts(Duration header, Duration body) {
    return new WebhookLimits(header, body, maxBodyBytes, maxConnections, maxThreads);
  }

  WebhookLimits withMaxConnections(int n) {
    return new WebhookLimits(headerTimeout, bodyTimeout, maxBodyBytes, n, maxThreads);
  }
}
