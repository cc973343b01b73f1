package dev.voxscribe.core.store;

import java.time.Clock;
import java.time.Duration;

/**
 * This process as one of several on one database: the id its jobs and create claims are leased to,
 * how long a lease lasts without renewal ({@code VOXSCRIBE_LEASE}), and the clock leases run on.
 * An instance that stops renewing (killed, frozen, cut off) loses its leases after {@code lease},
 * and another instance resumes its jobs.
 *
 * @param id stable across restarts of the same instance (kept in its data directory), so a restart
 *     takes its own jobs back at once instead of waiting for their leases to lapse
 */
public record Instance(String id, Duration lease, Clock clock) {
  /** {@code VOXSCRIBE_LEASE}'s default. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  public Instance {
    if (id.isBlank()) throw new IllegalArgumentException("instance id must not be blank");
    if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, got " + lease);
  }

  /** One instance alone on its database (SQLite): every lease is its own. */
  public static Instance alone() {
    return new Instance("local", DEFAULT_LEASE, Clock.systemUTC());
  }
}
