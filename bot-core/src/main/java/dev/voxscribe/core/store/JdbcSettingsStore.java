package dev.voxscribe.core.store;

import dev.voxscribe.core.settings.SettingsStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings in the store. Unlike the other ports, a failure is thrown: the command that changes a
 * setting must tell its user the change did not stick.
 */
final class JdbcSettingsStore implements SettingsStore {
  private final Database db;

  JdbcSettingsStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<String> get(String scope, String key) {
    try {
      return db.run(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE scope = ? AND key = ?")) {
          ps.setString(1, scope);
          ps.setString(2, key);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
          }
        }
      });
    } catch (SQLException e) {
      throw failure("read of setting " + key + " of " + scope, e);
    }
  }

  @Override
  public Map<String, String> withKey(String scopePrefix, String key) {
    try {
      return db.run(c -> {
        // substr rather than LIKE: a prefix holding % or _ matches only itself, on SQLite and PostgreSQL alike.
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT scope, value FROM settings WHERE key = ? AND substr(scope, 1, ?) = ? ORDER BY scope")) {
          ps.setString(1, key);
          ps.setInt(2, scopePrefix.length());
          ps.setString(3, scopePrefix);
          try (ResultSet rs = ps.executeQuery()) {
            Map<String, String> found = new LinkedHashMap<>();
            while (rs.next()) found.put(rs.getString(1), rs.getString(2));
            return found;
          }
        }
      });
    } catch (SQLException e) {
      throw failure("read of setting " + key + " of scopes " + scopePrefix + "*", e);
    }
  }

  @Override
  public void put(String scope, String key, String value) {
    change("write of setting " + key + " of " + scope,
        "INSERT INTO settings (scope, key, value) VALUES (?, ?, ?) "
            + "ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP",
        ps -> {
          ps.setString(1, scope);
          ps.setString(2, key);
          ps.setString(3, value);
        });
  }

  @Override
  public void remove(String scope, String key) {
    change("delete of setting " + key + " of " + scope, "DELETE FROM settings WHERE scope = ? AND key = ?", ps -> {
      ps.setString(1, scope);
      ps.setString(2, key);
    });
  }

  private void change(String what, String sql, Database.Binder binder) {
    try {
      db.run(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          binder.bind(ps);
          return ps.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private IllegalStateException failure(String what, SQLException e) {
    db.failed(what, e);
    return new IllegalStateException("settings " + what + " failed: " + e.getMessage(), e);
  }

  /** The store owns the connection: closing a view of it does nothing. */
  @Override
  public void close() {}
}
