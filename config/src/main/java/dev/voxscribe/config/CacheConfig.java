package dev.voxscribe.config;

import java.time.Duration;

/** {@code VOXSCRIBE_CACHE_TTL} and {@code VOXSCRIBE_CACHE_MAX_ENTRIES}. */
public record CacheConfig(Duration ttl, long maxEntries) {}
