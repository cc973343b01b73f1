package dev.voxscribe.core.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Leadership} as PostgreSQL session advisory locks ({@code pg_try_advisory_lock}) on a
 * connection used for nothing else. {@code idle_session_timeout} is the lease: a holder that stops
 * calling {@link #hold} (frozen, cut off) loses its session, and with it the lock, after the lease.
 */
final class PostgresLeadership implements Leadership {
  private static final Logger log = LoggerFactory.getLogger(PostgresLeadership.class);

  private final Database.Connector connector;
  private final Duration lease;
  private final String where;
  private final Set<String> held = new HashSet<>();
  private @Nullable Connection connection;
  private String schema = "";
  private boolean closed;

  PostgresLeadership(Database.Connector connector, Duration lease, String where) {
    this.connector = connector;
    this.lease = lease;
    this.where = where;
  }

  /**
   * The lock key of a role in a schema: a stable 64-bit hash (FNV-1a) of both. Advisory locks are
   * per database, so the schema keeps two deployments (or two test runs) in one database apart.
   */
  static long key(String schema, String role) {
    long h = 0xcbf29ce484222325L;
    for (byte b : ("voxscribe:" + schema + ":" + role).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public synchronized boolean hold(String role) {
    if (closed) return false;
    try {
      Connection c = connection();
      if (held.contains(role)) {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1"); // alive, and not idle: the session and its locks stay
        }
        return true;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, key(schema, role));
        try (ResultSet rs = ps.executeQuery()) {
          boolean got = rs.next() && rs.getBoolean(1);
          if (got) held.add(role);
          return got;
        }
      }
    } catch (SQLException e) {
      if (!held.isEmpty()) log.warn("Lost the cluster roles {} in {}: {}", held, where, e.getMessage());
      else log.debug("Leadership check in {} failed: {}", where, e.getMessage());
      drop();
      return false;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection c = connector.open();
      try (Statement s = c.createStatement()) {
        // Past the lease without a hold() the server ends the session: a frozen holder lets go.
        s.execute("SET idle_session_timeout = " + Math.max(1, lease.toMillis()));
      } catch (SQLException e) {
        log.debug("idle_session_timeout not available (PostgreSQL before 14?): {}", e.getMessage());
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
        schema = rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
      }
      connection = c;
    }
    return connection;
  }

  private void drop() {
    held.clear();
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // gone already
      }
    }
  }

  @Override
  public synchronized void release(String role) {
    if (!held.remove(role) || connection == null) return;
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, key(schema, role));
      ps.execute();
    } catch (SQLException e) {
      drop(); // closing the session frees every lock it held
    }
  }

  /**
   * Gives every role up before the session ends: the server frees a closed session's locks only once
   * it has noticed the disconnect, and a standby asking in between would be told no.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null && !held.isEmpty()) {
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT pg_advisory_unlock_all()");
      } catch (SQLException e) {
        log.debug("Could not give the roles up in {} before closing: {}", where, e.getMessage());
      }
    }
    drop();
  }
}
