package dev.voxscribe.core.store;

import dev.voxscribe.core.Transcript;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

final class JdbcExtrasStore implements ExtrasStore {
  private final Database db;

  JdbcExtrasStore(Database db) {
    this.db = db;
  }

  @Override
  public boolean keep(String id, Transcript transcript, Instant expiresAt) {
    String json = TranscriptJson.write(transcript);
    return db.update("write of kept transcript " + id,
        "INSERT INTO kept_transcripts (id, transcript, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) "
            + "DO UPDATE SET transcript = excluded.transcript, expires_at = excluded.expires_at",
        ps -> {
          ps.setString(1, id);
          ps.setString(2, json);
          ps.setLong(3, expiresAt.toEpochMilli());
        }) >= 0;
  }

  @Override
  public Optional<Transcript> transcript(String id, Instant now) {
    Optional<String> json = db.attempt("read of kept transcript " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT transcript FROM kept_transcripts WHERE id = ? AND expires_at > ?")) {
        ps.setString(1, id);
        ps.setLong(2, now.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return json.flatMap(TranscriptJson::read);
  }

  @Override
  public Optional<Extra> extra(String transcriptId, String kind, String target) {
    return db.attempt("read of the " + kind + " of transcript " + transcriptId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT content, model, usd_spent, created_at FROM transcript_extras"
          + " WHERE transcript_id = ? AND kind = ? AND target = ?")) {
        ps.setString(1, transcriptId);
        ps.setString(2, kind);
        ps.setString(3, target);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return null;
          String usd = rs.getString(3);
          return new Extra(rs.getString(1), rs.getString(2),
              usd == null ? Optional.empty() : Optional.of(new BigDecimal(usd)), Instant.ofEpochMilli(rs.getLong(4)));
        }
      }
    });
  }

  @Override
  public void putExtra(String transcriptId, String kind, String target, Extra extra) {
    db.update("write of the " + kind + " of transcript " + transcriptId,
        "INSERT INTO transcript_extras (transcript_id, kind, target, content, model, usd_spent, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transcript_id, kind, target) DO UPDATE SET "
            + "content = excluded.content, model = excluded.model, usd_spent = excluded.usd_spent, "
            + "created_at = excluded.created_at",
        ps -> {
          ps.setString(1, transcriptId);
          ps.setString(2, kind);
          ps.setString(3, target);
          ps.setString(4, extra.content());
          ps.setString(5, extra.model());
          ps.setString(6, extra.usdSpent().map(BigDecimal::toPlainString).orElse(null));
          ps.setLong(7, extra.createdAt().toEpochMilli());
        });
  }

  @Override
  public int purge(Instant now) {
    int extras = db.update("purge of the results of expired transcripts",
        "DELETE FROM transcript_extras WHERE transcript_id IN (SELECT id FROM kept_transcripts WHERE expires_at <= ?)",
        ps -> ps.setLong(1, now.toEpochMilli()));
    int kept = db.update("purge of expired kept transcripts", "DELETE FROM kept_transcripts WHERE expires_at <= ?",
        ps -> ps.setLong(1, now.toEpochMilli()));
    return Math.max(0, extras) + Math.max(0, kept);
  }
}
