package dev.voxscribe.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection used by one caller at a time (SQLite has a single writer anyway), and the one
 * place that turns a failed statement into a log line naming what failed and where the data lives.
 *
 * <p>A connection the server dropped (PostgreSQL restarted, a network cut: SQL state class
 * {@code 08}) is closed and a new one opened for the next statement; the failed statement is not
 * repeated, since it may have committed before the connection went.
 */
final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Opens a connection: the first, and a new one after the server dropped the last. */
  @FunctionalInterface
  interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector connector;
  private final String location;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;
  private volatile boolean closed;

  Database(Connection connection, String location) {
    this(connection, () -> {
      throw new SQLException("the connection to the store was lost and cannot be reopened", "08003");
    }, location);
  }

  Database(Connection connection, Connector connector, String location) {
    this.connection = connection;
    this.connector = connector;
    this.location = location;
  }

  /** Where the data lives, for log lines: {@code VOXSCRIBE_DATA_DIR=/var/lib/voxscribe}. */
  String location() {
    return location;
  }

  /** Runs {@code work}; on failure logs "what" and the location and returns empty. */
  <T> Optional<T> attempt(String what, Work<T> work) {
    try {
      return Optional.ofNullable(run(work));
    } catch (SQLException | RuntimeException e) {
      failed(what, e);
      return Optional.empty();
    }
  }

  /** Runs one statement; returns the update count, or -1 after logging a failure. */
  int update(String what, String sql, Binder binder) {
    return attempt(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        return ps.executeUpdate();
      }
    }).orElse(-1);
  }

  /** Runs {@code work} and lets a failure through, for callers that must tell the user (settings). */
  <T> T run(Work<T> work) throws SQLException {
    lock.lock();
    try {
      if (closed) throw new SQLException("the store is closed");
      if (connection == null) connection = connector.open();
      try {
        return work.run(connection);
      } catch (SQLException e) {
        if (lost(e)) drop();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /** SQL state class 08: the connection itself failed, not the statement. */
  private boolean lost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) return true;
    }
    try {
      return connection.isClosed();
    } catch (SQLException ignored) {
      return true;
    }
  }

  private void drop() {
    Connection c = connection;
    connection = null;
    try {
      c.close();
    } catch (SQLException ignored) {
      // it is gone already; the next statement opens a new one
    }
  }

  void failed(String what, Exception e) {
    if (closed) {
      log.debug("Store {} after close: {}", what, e.getMessage());
      return;
    }
    log.warn("Store {} failed in {}: {}", what, location, e.getMessage());
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      if (connection != null) connection.close();
    } catch (SQLException ignored) {
      // closing on shutdown: nothing left to do with a failure
    } finally {
      lock.unlock();
    }
  }
}
