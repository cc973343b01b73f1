package dev.voxscribe.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcUndecodableUpdates implements UndecodableUpdates {
  private final Database db;
  private final int maxKept;

  JdbcUndecodableUpdates(Database db, int maxKept) {
    this.db = db;
    this.maxKept = maxKept;
  }

  @Override
  public void keep(Kept u) {
    int n = db.update("write of undecodable " + u.platform() + " update " + u.updateId(),
        "INSERT INTO undecodable_updates (platform, update_id, kind, reason, raw, received_at) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (platform, update_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, "
            + "raw = excluded.raw, received_at = excluded.received_at",
        ps -> {
          ps.setString(1, u.platform());
          ps.setLong(2, u.updateId());
          ps.setString(3, u.kind());
          ps.setString(4, u.reason());
          ps.setString(5, u.raw());
          ps.setLong(6, u.receivedAt().toEpochMilli());
        });
    if (n < 0) return;
    db.update("trim of undecodable " + u.platform() + " updates",
        "DELETE FROM undecodable_updates WHERE platform = ? AND update_id NOT IN (SELECT update_id FROM ("
            + "SELECT update_id FROM undecodable_updates WHERE platform = ? ORDER BY received_at DESC, update_id DESC "
            + "LIMIT ?) newest)",
        ps -> {
          ps.setString(1, u.platform());
          ps.setString(2, u.platform());
          ps.setInt(3, maxKept);
        });
  }

  @Override
  public List<Kept> recent(String platform, int limit) {
    return db.attempt("read of undecodable " + platform + " updates", c -> {
      List<Kept> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT update_id, kind, reason, raw, received_at FROM undecodable_updates WHERE platform = ? "
              + "ORDER BY received_at DESC, update_id DESC LIMIT ?")) {
        ps.setString(1, platform);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Kept(platform, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5))));
          }
        }
      }
      return out;
    }).orElse(List.of());
  }
}
