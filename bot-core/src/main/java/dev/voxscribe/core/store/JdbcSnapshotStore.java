package dev.voxscribe.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

final class JdbcSnapshotStore implements SnapshotStore {
  private final Database db;

  JdbcSnapshotStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Snapshot> load(String name) {
    return db.attempt("read of snapshot " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT version, content FROM snapshots WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Snapshot(rs.getInt(1), rs.getString(2)) : null;
        }
      }
    });
  }

  @Override
  public void save(String name, Snapshot snapshot, Instant at) {
    db.update("write of snapshot " + name,
        "INSERT INTO snapshots (name, version, content, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) "
            + "DO UPDATE SET version = excluded.version, content = excluded.content, updated_at = excluded.updated_at",
        ps -> {
          ps.setString(1, name);
          ps.setInt(2, snapshot.version());
          ps.setString(3, snapshot.content());
          ps.setLong(4, at.toEpochMilli());
        });
  }
}
