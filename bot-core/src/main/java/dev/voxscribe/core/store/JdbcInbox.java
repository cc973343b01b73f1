package dev.voxscribe.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

final class JdbcInbox implements Inbox {
  private static final String PENDING = "done_at IS NULL";

  private final Database db;
  private final Instance instance;
  /** PostgreSQL: claims skip rows another instance is claiming at this moment instead of waiting for it. */
  private final boolean skipLocked;

  JdbcInbox(Database db) {
    this(db, Instance.alone(), false);
  }

  JdbcInbox(Database db, Instance instance, boolean skipLocked) {
    this.db = db;
    this.instance = instance;
    this.skipLocked = skipLocked;
  }

  private long leaseEnd(long now) {
    return now + instance.lease().toMillis();
  }

  @Override
  public Recorded record(String platform, long updateId, String payload, Instant receivedAt) {
    long now = instance.clock().millis();
    int n = db.update("write of " + platform + " update " + updateId,
        "INSERT INTO inbox (platform, update_id, payload, received_at, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (platform, update_id) DO NOTHING",
        ps -> {
          ps.setString(1, platform);
          ps.setLong(2, updateId);
          ps.setString(3, payload);
          ps.setLong(4, receivedAt.toEpochMilli());
          ps.setString(5, instance.id());
          ps.setLong(6, leaseEnd(now));
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

  /** This instance's (from its last run), no instance's (recorded before V60), or a lapsed one's. */
  private static final String AT_START = "(owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until < ?)";

  @Override
  public List<Entry> pending(String platform) {
    // A claim that cannot be written (a full disk) still lets the start handle what it can read:
    // an answer the user waits for matters more than the lease, which only guards against a second one.
    return claim("claim of pending " + platform + " updates", AT_START, platform)
        .or(() -> read("read of pending " + platform + " updates", AT_START, platform))
        .orElse(List.of());
  }

  @Override
  public List<Entry> takeOver(String platform) {
    return claim("take-over of lapsed " + platform + " updates",
        "owner IS NOT NULL AND owner <> ? AND lease_until < ?", platform).orElse(List.of());
  }

  /**
   * One statement: the pending updates of {@code platform} matching {@code which} (bound to this
   * instance's id and now) become this instance's; an update two instances claim at once goes to one.
   */
  private Optional<List<Entry>> claim(String what, String which, String platform) {
    String match = "platform = ? AND " + PENDING + " AND " + which;
    String sql = "UPDATE inbox SET owner = ?, lease_until = ? WHERE "
        + (skipLocked
            ? "platform = ? AND update_id IN (SELECT update_id FROM inbox WHERE " + match + " FOR UPDATE SKIP LOCKED)"
            : match)
        + " RETURNING update_id, payload, received_at";
    long now = instance.clock().millis();
    return db.attempt(what, c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setString(i++, instance.id());
        ps.setLong(i++, leaseEnd(now));
        if (skipLocked) ps.setString(i++, platform);
        ps.setString(i++, platform);
        ps.setString(i++, instance.id());
        ps.setLong(i, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(entry(platform, rs));
        }
      }
      out.sort(Comparator.comparingLong(Entry::updateId));
      return out;
    });
  }

  /** What {@link #claim} would take, read without taking it. */
  private Optional<List<Entry>> read(String what, String which, String platform) {
    return db.attempt(what, c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT update_id, payload, received_at FROM inbox WHERE platform = ? AND "
          + PENDING + " AND " + which + " ORDER BY update_id")) {
        ps.setString(1, platform);
        ps.setString(2, instance.id());
        ps.setLong(3, instance.clock().millis());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(entry(platform, rs));
        }
      }
      return out;
    });
  }

  private static Entry entry(String platform, ResultSet rs) throws SQLException {
    return new Entry(platform, rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
  }

  @Override
  public int renew() {
    return db.update("renewal of this instance's update leases",
        "UPDATE inbox SET lease_until = ? WHERE owner = ? AND " + PENDING, ps -> {
          ps.setLong(1, leaseEnd(instance.clock().millis()));
          ps.setString(2, instance.id());
        });
  }

  @Override
  public int purge(Instant before) {
    return Math.max(0, db.update("purge of handled updates", "DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?",
        ps -> ps.setLong(1, before.toEpochMilli())));
  }
}
