package dev.voxscribe.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcInbox implements Inbox {
  private final Database db;

  JdbcInbox(Database db) {
    this.db = db;
  }

  @Override
  public Recorded record(String platform, long updateId, String payload, Instant receivedAt) {
    int n = db.update("write of " + platform + " update " + updateId,
        "INSERT INTO inbox (platform, update_id, payload, received_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (platform, update_id) DO NOTHING",
        ps -> {
          ps.setString(1, platform);
          ps.setLong(2, updateId);
          ps.setString(3, payload);
          ps.setLong(4, receivedAt.toEpochMilli());
        });
    if (n < 0) return Recorded.UNRECORDED;
    return n == 0 ? Recorded.DUPLICATE : Recorded.NEW;
  }

  @Override
  public void done(String platform, long updateId, Instant at) {
    db.update("write (done) of " + platform + " update " + updateId,
        "UPDATE inbox SET done_at = ? WHERE platform = ? AND update_id = ? AND done_at IS NULL", ps -> {
          ps.setLong(1, at.toEpochMilli());
          ps.setString(2, platform);
          ps.setLong(3, updateId);
        });
  }

  @Override
  public List<Entry> pending(String platform) {
    return db.attempt("read of pending " + platform + " updates", c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT update_id, payload, received_at FROM inbox WHERE platform = ? AND done_at IS NULL ORDER BY update_id")) {
        ps.setString(1, platform);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(platform, rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
          }
        }
      }
      return out;
    }).orElse(List.of());
  }

  @Override
  public int purge(Instant before) {
    return Math.max(0, db.update("purge of handled updates", "DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?",
        ps -> ps.setLong(1, before.toEpochMilli())));
  }
}
