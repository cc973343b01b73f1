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

  private final Database db;

  JdbcJobStore(Database db) {
    this.db = db;
  }

  @Override
  public boolean save(JobRecord job) {
    return db.update("write of job " + job.id() + " (" + job.stage() + ")",
        "INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "request = excluded.request, waiter = excluded.waiter, stage = excluded.stage, "
            + "generation_id = excluded.generation_id, plan = excluded.plan, updated_at = excluded.updated_at, "
            + "generation_created_at = excluded.generation_created_at",
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
        }) >= 0;
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
    return db.attempt("read of unfinished " + platform + " jobs", c -> {
      List<JobRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM jobs WHERE platform = ? AND stage NOT IN ('DELIVERED', 'FAILED') ORDER BY created_at, id")) {
        ps.setString(1, platform);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(row(rs));
        }
      }
      return out;
    }).orElse(List.of());
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
