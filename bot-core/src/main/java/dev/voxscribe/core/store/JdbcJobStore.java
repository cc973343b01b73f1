package dev.voxscribe.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcJobStore implements JobStore {
  private static final String COLUMNS = "id, platform, request, waiter, stage, generation_id, plan, created_at, updated_at, generation_created_at";

  private static final String UNFINISHED = "stage NOT IN ('DELIVERED', 'FAILED')";

  private final Database db;
  private final Instance instance;
  /** PostgreSQL: claims skip rows another instance is claiming at this moment instead of waiting for it. */
  private final boolean skipLocked;

  JdbcJobStore(Database db) {
    this(db, Instance.alone(), false);
  }

  JdbcJobStore(Database db, Instance instance, boolean skipLocked) {
    this.db = db;
    this.instance = instance;
    this.skipLocked = skipLocked;
  }

  private long now() {
    return instance.clock().millis();
  }

  private long leaseEnd() {
    return now() + instance.lease().toMillis();
  }

  @Override
  public Saved save(JobRecord job) {
    long now = now();
    int written = db.update("write of job " + job.id() + " (" + job.stage() + ")",
        "INSERT INTO jobs (" + COLUMNS + ", owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET "
            + "request = excluded.request, waiter = excluded.waiter, stage = excluded.stage, "
            + "generation_id = excluded.generation_id, plan = excluded.plan, updated_at = excluded.updated_at, "
            + "generation_created_at = excluded.generation_created_at, owner = excluded.owner, "
            + "lease_until = excluded.lease_until "
            // Not over a job another live instance took over meanwhile (this one was presumed dead),
            // nor over one another instance finished: only a new job under the same id (an edited
            // message asked anew, started after it) replaces that. Either way no row is written.
            + "WHERE jobs.owner IS NULL OR jobs.owner = excluded.owner OR jobs.lease_until < ? "
            + "OR (jobs.lease_until IS NULL AND (jobs." + UNFINISHED + " OR excluded.created_at > jobs.created_at))",
        ps -> {
          ps.setString(1, job.id());
          ps.setString(2, job.platform());
          ps.setString(3, job.request());
          ps.setString(4, job.waiter());
          ps.setString(5, job.stage().name());
          ps.setString(6, job.generationId().orElse(null));
          ps.setString(7, job.plan().orElse(null));
          ps.setLong(8, job.createdAt().toEpochMilli());
          ps.setLong(9, job.updatedAt().toEpochMilli());
          if (job.generationCreatedAt().isPresent()) ps.setLong(10, job.generationCreatedAt().get().toEpochMilli());
          else ps.setNull(10, java.sql.Types.BIGINT);
          ps.setString(11, instance.id());
          if (job.stage().finished()) ps.setNull(12, java.sql.Types.BIGINT);
          else ps.setLong(12, now + instance.lease().toMillis());
          ps.setLong(13, now);
        });
    if (written < 0) return Saved.STORE_FAILED;
    return written == 0 ? Saved.TAKEN_OVER : Saved.SAVED;
  }

  @Override
  public Optional<JobRecord> find(String id) {
    return db.attempt("read of job " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? row(rs) : null;
        }
      }
    });
  }

  @Override
  public List<JobRecord> unfinished(String platform) {
    return claim("claim of unfinished " + platform + " jobs",
        "(owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until < ?)", platform);
  }

  @Override
  public List<JobRecord> takeOver(String platform) {
    return claim("take-over of lapsed " + platform + " jobs",
        "owner IS NOT NULL AND owner <> ? AND lease_until < ?", platform);
  }

  /**
   * One statement: the unfinished jobs of {@code platform} matching {@code which} (bound to this
   * instance's id and now) become this instance's; a job two instances claim at once goes to one.
   */
  private List<JobRecord> claim(String what, String which, String platform) {
    String match = "platform = ? AND " + UNFINISHED + " AND " + which;
    String sql = "UPDATE jobs SET owner = ?, lease_until = ? WHERE "
        + (skipLocked ? "id IN (SELECT id FROM jobs WHERE " + match + " FOR UPDATE SKIP LOCKED)" : match)
        + " RETURNING " + COLUMNS;
    long now = now();
    return db.attempt(what, c -> {
      List<JobRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, instance.id());
        ps.setLong(2, now + instance.lease().toMillis());
        ps.setString(3, platform);
        ps.setString(4, instance.id());
        ps.setLong(5, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(row(rs));
        }
      }
      out.sort(java.util.Comparator.comparing(JobRecord::createdAt).thenComparing(JobRecord::id));
      return out;
    }).orElse(List.of());
  }

  @Override
  public int renew() {
    return db.update("renewal of this instance's job leases",
        "UPDATE jobs SET lease_until = ? WHERE owner = ? AND " + UNFINISHED, ps -> {
          ps.setLong(1, leaseEnd());
          ps.setString(2, instance.id());
        });
  }

  @Override
  public int purge(Instant before) {
    return Math.max(0, db.update("purge of finished jobs",
        "DELETE FROM jobs WHERE stage IN ('DELIVERED', 'FAILED') AND updated_at < ?",
        ps -> ps.setLong(1, before.toEpochMilli())));
  }

  private static JobRecord row(ResultSet rs) throws SQLException {
    long generationAt = rs.getLong(10);
    Optional<Instant> generationCreatedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(generationAt));
    return new JobRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        JobStage.valueOf(rs.getString(5)), Optional.ofNullable(rs.getString(6)), generationCreatedAt,
        Optional.ofNullable(rs.getString(7)), Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)));
  }
}
