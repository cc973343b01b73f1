package dev.voxscribe.core.transcribe;

import java.time.Duration;

/** How long and how many finished transcripts are kept. */
public record CachePolicy(Duration ttl, long maxEntries) {
  public CachePolicy {
    if (ttl.isNegative()) throw new IllegalArgumentException("cache TTL must not be negative, got " + ttl);
    if (maxEntries < 0) throw new IllegalArgumentException("cache size must not be negative, got " + maxEntries);
  }
}
