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

  private final Connection connection;
  private final String location;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;

  Database(Connection connection, String location) {
    this.connection = connection;
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
      return work.run(connection);
    } finally {
      lock.unlock();
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
      connection.close();
    } catch (SQLException ignored) {
      // closing on shutdown: nothing left to do with a failure
    } finally {
      lock.unlock();
    }
  }
}
