package dev.voxscribe.core.store;

import dev.voxscribe.core.Transcript;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

final class JdbcTranscriptStore implements TranscriptStore {
  private final Database db;

  JdbcTranscriptStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Transcript> find(String key, Instant now) {
    Optional<String> json = db.attempt("read of a transcript", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT transcript FROM transcripts WHERE cache_key = ? AND expires_at > ?")) {
        ps.setString(1, key);
        ps.setLong(2, now.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return json.flatMap(TranscriptJson::read);
  }

  @Override
  public void put(String key, Transcript transcript, Instant expiresAt) {
    String json = TranscriptJson.write(transcript);
    db.update("write of the transcript of generation " + transcript.generationId(),
        "INSERT INTO transcripts (cache_key, transcript, expires_at) VALUES (?, ?, ?) ON CONFLICT (cache_key) "
            + "DO UPDATE SET transcript = excluded.transcript, expires_at = excluded.expires_at",
        ps -> {
          ps.setString(1, key);
          ps.setString(2, json);
          ps.setLong(3, expiresAt.toEpochMilli());
        });
  }

  @Override
  public int purge(Instant now) {
    return Math.max(0, db.update("purge of expired transcripts", "DELETE FROM transcripts WHERE expires_at <= ?",
        ps -> ps.setLong(1, now.toEpochMilli())));
  }
}
