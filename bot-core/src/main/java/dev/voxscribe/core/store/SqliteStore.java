package dev.voxscribe.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store in one SQLite file, {@code voxscribe.db} under the data directory. WAL with
 * {@code synchronous=NORMAL}: a write that returned survives the process being killed; a power cut
 * can lose the last moments of writes, never the file.
 */
public final class SqliteStore extends JdbcStore {
  public static final String FILE_NAME = "voxscribe.db";

  private SqliteStore(Database db, Instance instance) {
    super(db, false, instance);
  }

  /**
   * Opens (creating when needed) the store under {@code dataDir} and migrates its schema.
   *
   * @throws StoreVersionException when a newer VoxScribe wrote the database
   * @throws IllegalStateException when it cannot be opened, with the path and the reason
   */
  public static SqliteStore open(Path dataDir) {
    return open(dataDir, Instance.alone());
  }

  /** As above, with this process's leases named and timed by {@code instance}. */
  public static SqliteStore open(Path dataDir, Instance instance) {
    String where = "VOXSCRIBE_DATA_DIR=" + dataDir;
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + where, e);
    }
    Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(5_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file);
    try {
      Migrations.migrate(source, where, "VOXSCRIBE_DATA_DIR");
    } catch (StoreVersionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open the store " + file + ": " + e.getMessage(), e);
    }
    Connection c = null;
    try {
      c = source.getConnection();
      try (Statement s = c.createStatement()) {
        // The data source sets these per connection too; said again so a reader sees them here.
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
      }
      return new SqliteStore(new Database(c, where), instance);
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // reporting the first failure matters more
        }
      }
      throw new IllegalStateException("cannot open the store " + file + ": " + e.getMessage(), e);
    }
  }
}
