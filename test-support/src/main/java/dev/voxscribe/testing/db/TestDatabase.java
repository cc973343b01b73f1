package dev.voxscribe.testing.db;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * A fresh schema in the PostgreSQL that {@code VOXSCRIBE_TEST_DATABASE_URL} names (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), dropped on {@link #close()}. Each
 * test gets its own, so test runs in parallel (two worktrees, two forks) never see each other's rows.
 *
 * <p>{@link #open()} is empty, with {@link #unavailable()} saying why, when the variable is unset or
 * the server does not answer: a PostgreSQL test then skips itself with that reason.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String VARIABLE = "VOXSCRIBE_TEST_DATABASE_URL";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String baseUrl;
  private final String schema;
  private volatile boolean closed;

  private TestDatabase(String baseUrl, String schema) {
    this.baseUrl = baseUrl;
    this.schema = schema;
  }

  /** The reason PostgreSQL tests are skipped here, or empty when the database answers. */
  public static Optional<String> unavailable() {
    String url = System.getenv(VARIABLE);
    if (url == null || url.isBlank()) {
      return Optional.of(VARIABLE + " is unset: PostgreSQL tests skipped (.ci/run sets it to "
          + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
    }
    try (Connection c = connect(url.strip())) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of("PostgreSQL at " + VARIABLE + " does not answer (" + e.getMessage()
          + "): PostgreSQL tests skipped");
    }
  }

  /** A new, empty schema; empty when {@link #unavailable()} says why not. */
  public static Optional<TestDatabase> open() {
    if (unavailable().isPresent()) return Optional.empty();
    String url = System.getenv(VARIABLE).strip();
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    String schema = "vs_test_" + ProcessHandle.current().pid() + "_" + HexFormat.of().formatHex(b);
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test schema " + schema + ": " + e.getMessage(), e);
    }
    return Optional.of(new TestDatabase(url, schema));
  }

  /** The schema's name ({@code vs_test_<pid>_<random>}). */
  public String schema() {
    return schema;
  }

  /** The base URL with {@code currentSchema} set to this schema: what VOXSCRIBE_DATABASE_URL would be. */
  public String url() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A plain connection to this schema, for a test to look at rows. */
  public Connection connection() throws SQLException {
    return connect(url());
  }

  private static Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    return DriverManager.getConnection(url, p);
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // a leftover schema costs a few kilobytes; the test's result matters more
      System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
    }
  }
}
