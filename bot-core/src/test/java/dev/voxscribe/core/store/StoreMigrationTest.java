package dev.voxscribe.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adopting VoxScribe 0.1's SQLite file; the migrations every database gets are in {@link StoreContract}. */
class StoreMigrationTest {
  @TempDir Path dir;

  /** {@code voxscribe-0.1.db} was written by VoxScribe 0.1's own SqliteSettingsStore (settings only, no version table). */
  @Test
  void aDatabaseOfVersionOneZeroKeepsEveryChatsSettings() throws Exception {
    try (InputStream old = getClass().getResourceAsStream("/store/voxscribe-0.1.db")) {
      Files.copy(old, dir.resolve(SqliteStore.FILE_NAME));
    }
    try (SqliteStore store = SqliteStore.open(dir)) {
      assertThat(store.settings().get("telegram:chat:-1001234567890", "auto")).contains("false");
      assertThat(store.settings().get("telegram:chat:-1001234567890", "language")).contains("de");
      assertThat(store.settings().get("telegram:chat:4242", "language")).contains("pt-BR");
      assertThat(store.settings().get("discord:channel:1100000000000000001", "auto")).contains("true");
      assertThat(store.settings().get("discord:guild:1000000000000000001", "auto")).contains("true");
      // and the new tables are there
      assertThat(store.inbox().record("telegram", 1, "{}", Instant.EPOCH)).isEqualTo(Inbox.Recorded.NEW);
    }
    assertThat(versions()).startsWith("0,1,2");
    // A second start applies nothing and changes nothing.
    try (SqliteStore store = SqliteStore.open(dir)) {
      assertThat(store.settings().get("telegram:chat:4242", "language")).contains("pt-BR");
      assertThat(store.inbox().record("telegram", 1, "{}", Instant.EPOCH)).isEqualTo(Inbox.Recorded.DUPLICATE);
    }
  }

  /** Versions are landed in any order: a database that has V10 but not V4 (written by main before V4) still gets V4. */
  @Test
  void aMigrationNumberedBelowTheNewestAppliedIsStillApplied() throws Exception {
    SqliteStore.open(dir).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM " + Migrations.HISTORY_TABLE + " WHERE version = '4'");
      s.executeUpdate("ALTER TABLE jobs DROP COLUMN generation_created_at");
    }
    assertThat(versions()).contains(",10").doesNotContain(",4,");
    try (SqliteStore store = SqliteStore.open(dir)) {
      JobRecord job = JobRecord.start("telegram:1:2", "telegram", "{}", "{}", Instant.EPOCH)
          .polling("gen-1", Instant.ofEpochSecond(5), Instant.ofEpochSecond(6));
      assertThat(store.jobs().save(job)).isEqualTo(JobStore.Saved.SAVED);
      assertThat(store.jobs().find("telegram:1:2")).get()
          .satisfies(j -> assertThat(j.generationCreatedAt()).contains(Instant.ofEpochSecond(5)));
    }
    assertThat(versions()).contains(",4");
  }

  private String versions() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM " + Migrations.HISTORY_TABLE + " ORDER BY installed_rank")) {
      while (rs.next()) out.append(out.length() == 0 ? "" : ",").append(rs.getString(1));
    }
    return out.toString();
  }
}
