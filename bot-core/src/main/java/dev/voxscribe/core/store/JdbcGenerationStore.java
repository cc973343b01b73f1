package dev.voxscribe.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcGenerationStore implements GenerationStore {
  private final Database db;
  private final Instance instance;

  JdbcGenerationStore(Database db) {
    this(db, Instance.alone());
  }

  JdbcGenerationStore(Database db, Instance instance) {
    this.db = db;
    this.instance = instance;
  }

  @Override
  public boolean claimCreate(String key) {
    long now = instance.clock().millis();
    int n = db.update("claim of the create of a cache key",
        "INSERT INTO creates (cache_key, owner, lease_until) VALUES (?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET "
            + "owner = excluded.owner, lease_until = excluded.lease_until "
            + "WHERE creates.owner = excluded.owner OR creates.lease_until < ?",
        ps -> {
          ps.setString(1, key);
          ps.setString(2, instance.id());
          ps.setLong(3, now + instance.lease().toMillis());
          ps.setLong(4, now);
        });
    return n != 0; // -1: the store failed, and an answer matters more than a second create
  }

  @Override
  public void releaseCreate(String key) {
    db.update("release of the create of a cache key", "DELETE FROM creates WHERE cache_key = ? AND owner = ?", ps -> {
      ps.setString(1, key);
      ps.setString(2, instance.id());
    });
  }

  /**
   * Drops the create claims an earlier run of this instance left (killed while creating): the same
   * instance id comes back after a restart, and renewing its claims would keep every other instance
   * waiting for creates nobody is making. Called once, when the store opens.
   */
  int dropClaimsOfAnEarlierRun() {
    return db.update("drop of the create claims an earlier run left", "DELETE FROM creates WHERE owner = ?",
        ps -> ps.setString(1, instance.id()));
  }

  @Override
  public int renewCreates() {
    return db.update("renewal of this instance's create claims", "UPDATE creates SET lease_until = ? WHERE owner = ?",
        ps -> {
          ps.setLong(1, instance.clock().millis() + instance.lease().toMillis());
          ps.setString(2, instance.id());
        });
  }

  @Override
  public void put(String key, Generation generation) {
    db.update("write of generation " + generation.generationId(),
        "INSERT INTO generations (cache_key, generation_id, created_at) VALUES (?, ?, ?) ON CONFLICT (cache_key) "
            + "DO UPDATE SET generation_id = excluded.generation_id, created_at = excluded.created_at",
        ps -> {
          ps.setString(1, key);
          ps.setString(2, generation.generationId());
          ps.setLong(3, generation.createdAt().toEpochMilli());
        });
  }

  @Override
  public Optional<Generation> find(String key) {
    return db.attempt("read of a generation", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT generation_id, created_at FROM generations WHERE cache_key = ?")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Generation(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))) : null;
        }
      }
    });
  }

  @Override
  public void remove(String key) {
    db.update("delete of a generation", "DELETE FROM generations WHERE cache_key = ?", ps -> ps.setString(1, key));
  }

  @Override
  public List<String> keys(String generationId) {
    return db.attempt("read of the keys of generation " + generationId, c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT cache_key FROM generations WHERE generation_id = ?")) {
        ps.setString(1, generationId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      }
      return out;
    }).orElse(List.of());
  }

  @Override
  public int purge(Instant before) {
    // Claims of instances that died before the service took their create.
    db.update("purge of lapsed create claims", "DELETE FROM creates WHERE lease_until < ?",
        ps -> ps.setLong(1, before.toEpochMilli()));
    return Math.max(0, db.update("purge of old generations",
        "DELETE FROM generations WHERE created_at < ? AND (generation_id NOT LIKE ? OR created_at < ?)",
        ps -> {
          ps.setLong(1, before.toEpochMilli());
          ps.setString(2, Generation.UNANSWERED + "%");
          ps.setLong(3, before.minus(KEEP_UNANSWERED_LONGER).toEpochMilli());
        }));
  }
}
