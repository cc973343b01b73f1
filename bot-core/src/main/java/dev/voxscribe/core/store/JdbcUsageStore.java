package dev.voxscribe.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

final class JdbcUsageStore implements UsageStore {
  /** The advisory lock key of {@link #exclusive}: "VoxUsag" in ASCII, clear of other users' keys. */
  static final long LOCK_KEY = 0x566f7855736167L;

  private final Database db;
  private final boolean shared;

  JdbcUsageStore(Database db) {
    this(db, false);
  }

  /** @param shared several instances write this database (PostgreSQL) */
  JdbcUsageStore(Database db, boolean shared) {
    this.db = db;
    this.shared = shared;
  }

  @Override
  public boolean shared() {
    return shared;
  }

  @Override
  public <T> T exclusive(java.util.function.Supplier<T> step) {
    if (!shared) return step.get();
    final class Outcome {
      boolean ran;
      @org.jspecify.annotations.Nullable T value;
      @org.jspecify.annotations.Nullable RuntimeException thrown;
    }
    Outcome out = new Outcome();
    try {
      db.run(c -> {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
          }
          out.ran = true;
          try {
            out.value = step.get();
          } catch (RuntimeException e) {
            out.thrown = e; // a refusal: its counters are as much the step's work as a reservation
          }
          c.commit();
          return null;
        } catch (java.sql.SQLException | RuntimeException e) {
          try {
            c.rollback();
          } catch (java.sql.SQLException ignored) {
            // the first failure is the one to report
          }
          throw e;
        } finally {
          try {
            c.setAutoCommit(auto);
          } catch (java.sql.SQLException ignored) {
            // a lost connection is replaced for the next statement
          }
        }
      });
    } catch (java.sql.SQLException e) {
      db.failed("lock of the usage counters", e);
      // Bookkeeping never stops a request: without the lock the step runs as an instance alone would.
      if (!out.ran) return step.get();
    }
    if (out.thrown != null) throw out.thrown;
    return out.value;
  }

  /** One statement: the increment happens inside the database, never read-modify-write here. */
  private static final String INCREMENT = "INSERT INTO usage_counters (day, kind, scope, name, value) VALUES (?, ?, ?, ?, ?) "
      + "ON CONFLICT (day, kind, scope, name) DO UPDATE SET value = usage_counters.value + excluded.value";

  @Override
  public boolean add(Key key, long delta) {
    return db.update("increment of " + key.name() + " of " + key.scope(), INCREMENT, ps -> bind(ps, key, delta)) >= 0;
  }

  @Override
  public boolean addAll(Map<Key, Long> deltas) {
    if (deltas.isEmpty()) return true;
    // One commit for the lot: a job's settlement touches several counters, and a commit is the slow part.
    return db.attempt("increment of " + deltas.size() + " usage counters", c -> {
      boolean auto = c.getAutoCommit();
      if (!auto) {
        // Inside exclusive(): its transaction commits the lot.
        try (PreparedStatement ps = c.prepareStatement(INCREMENT)) {
          for (Map.Entry<Key, Long> e : deltas.entrySet()) {
            bind(ps, e.getKey(), e.getValue());
            ps.addBatch();
          }
          ps.executeBatch();
          return true;
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INCREMENT)) {
        for (Map.Entry<Key, Long> e : deltas.entrySet()) {
          bind(ps, e.getKey(), e.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
        return true;
      } catch (java.sql.SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }).orElse(false);
  }

  private static void bind(PreparedStatement ps, Key key, long delta) throws java.sql.SQLException {
    ps.setLong(1, key.day());
    ps.setString(2, key.kind().name());
    ps.setString(3, key.scope());
    ps.setString(4, key.name());
    ps.setLong(5, delta);
  }

  @Override
  public long get(Key key) {
    return db.attempt("read of " + key.name() + " of " + key.scope(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT value FROM usage_counters WHERE day = ? AND kind = ? AND scope = ? AND name = ?")) {
        ps.setLong(1, key.day());
        ps.setString(2, key.kind().name());
        ps.setString(3, key.scope());
        ps.setString(4, key.name());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    }).orElse(0L);
  }

  @Override
  public Map<String, Long> totals(Kind kind, String scope, long fromDay, long toDay) {
    return db.attempt("read of the usage of " + scope, c -> {
      Map<String, Long> out = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, SUM(value) FROM usage_counters "
          + "WHERE kind = ? AND scope = ? AND day >= ? AND day <= ? GROUP BY name")) {
        ps.setString(1, kind.name());
        ps.setString(2, scope);
        ps.setLong(3, fromDay);
        ps.setLong(4, toDay);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    }).orElse(Map.of());
  }

  @Override
  public List<Total> top(Kind kind, String name, long fromDay, long toDay, int limit) {
    return db.attempt("read of the busiest " + kind.name().toLowerCase() + " scopes", c -> {
      List<Total> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT scope, SUM(value) AS total FROM usage_counters "
          + "WHERE kind = ? AND name = ? AND day >= ? AND day <= ? GROUP BY scope HAVING SUM(value) > 0 "
          + "ORDER BY total DESC, scope LIMIT ?")) {
        ps.setString(1, kind.name());
        ps.setString(2, name);
        ps.setLong(3, fromDay);
        ps.setLong(4, toDay);
        ps.setInt(5, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new Total(rs.getString(1), rs.getLong(2)));
        }
      }
      return out;
    }).orElse(List.of());
  }

  @Override
  public void recordJob(JobCost cost) {
    db.update("write of the cost of generation " + cost.generationId(),
        "INSERT INTO job_costs (generation_id, platform, person, chat, audio_ms, usd_nanos, usd_estimated, credits, "
            + "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (generation_id) DO UPDATE SET "
            + "audio_ms = excluded.audio_ms, usd_nanos = excluded.usd_nanos, usd_estimated = excluded.usd_estimated, "
            + "credits = excluded.credits, recorded_at = excluded.recorded_at",
        ps -> {
          ps.setString(1, cost.generationId());
          ps.setString(2, cost.platform());
          ps.setString(3, cost.person());
          ps.setString(4, cost.chat());
          ps.setLong(5, cost.audio().toMillis());
          ps.setLong(6, cost.usdNanos());
          ps.setInt(7, cost.usdEstimated() ? 1 : 0);
          if (cost.credits().isPresent()) ps.setLong(8, cost.credits().getAsLong());
          else ps.setNull(8, java.sql.Types.BIGINT);
          ps.setLong(9, cost.recordedAt().toEpochMilli());
        });
  }

  @Override
  public Optional<JobCost> job(String generationId) {
    return db.attempt("read of the cost of generation " + generationId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT platform, person, chat, audio_ms, usd_nanos, usd_estimated, "
          + "credits, recorded_at FROM job_costs WHERE generation_id = ?")) {
        ps.setString(1, generationId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return null;
          long credits = rs.getLong(7);
          OptionalLong c7 = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(credits);
          return new JobCost(generationId, rs.getString(1), rs.getString(2), rs.getString(3),
              Duration.ofMillis(rs.getLong(4)), rs.getLong(5), rs.getInt(6) == 1, c7, Instant.ofEpochMilli(rs.getLong(8)));
        }
      }
    });
  }
}
