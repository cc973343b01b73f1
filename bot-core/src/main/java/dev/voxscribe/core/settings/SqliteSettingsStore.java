package dev.voxscribe.core.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** {@link SettingsStore} in one SQLite file ({@code voxscribe.db}) under the data directory. */
public final class SqliteSettingsStore implements SettingsStore {
  public static final String FILE_NAME = "voxscribe.db";

  private final Connection connection;

  private SqliteSettingsStore(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating when needed) the store under {@code dataDir}. */
  public static SqliteSettingsStore open(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    Path file = dataDir.resolve(FILE_NAME);
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("CREATE TABLE IF NOT EXISTS settings ("
            + "scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
            + "updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (scope, key))");
      }
      return new SqliteSettingsStore(c);
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // reporting the first failure matters more
        }
      }
      throw new IllegalStateException("cannot open the settings store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<String> get(String scope, String key) {
    try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM settings WHERE scope = ? AND key = ?")) {
      ps.setString(1, scope);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("settings read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void put(String scope, String key, String value) {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO settings (scope, key, value) VALUES (?, ?, ?) "
            + "ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP")) {
      ps.setString(1, scope);
      ps.setString(2, key);
      ps.setString(3, value);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("settings write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void remove(String scope, String key) {
    try (PreparedStatement ps = connection.prepareStatement("DELETE FROM settings WHERE scope = ? AND key = ?")) {
      ps.setString(1, scope);
      ps.setString(2, key);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("settings delete failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing on shutdown: nothing left to do with a failure
    }
  }
}
