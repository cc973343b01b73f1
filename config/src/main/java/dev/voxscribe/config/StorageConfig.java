package dev.voxscribe.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the store lives: {@code VOXSCRIBE_DATA_DIR} (the embedded SQLite file, and spooled work
 * files), or PostgreSQL when {@code VOXSCRIBE_DATABASE_URL} is set (with
 * {@code VOXSCRIBE_DATABASE_USER} and {@code VOXSCRIBE_DATABASE_PASSWORD}); {@code VOXSCRIBE_LEASE}:
 * how soon another instance on that database takes over a dead one's roles.
 */
public record StorageConfig(Path dataDir, Optional<Database> database, java.time.Duration lease) {
  /** {@code VOXSCRIBE_LEASE}'s default. */
  public static final java.time.Duration DEFAULT_LEASE = java.time.Duration.ofSeconds(30);

  public StorageConfig(Path dataDir) {
    this(dataDir, Optional.empty());
  }

  public StorageConfig(Path dataDir, Optional<Database> database) {
    this(dataDir, database, DEFAULT_LEASE);
  }

  /** A PostgreSQL database; {@link #toString()} never shows the password. */
  public record Database(String url, Optional<String> user, Optional<String> password) {
    @Override
    public String toString() {
      return "Database[url=" + url + ", user=" + user.orElse("(default)") + ", password="
          + (password.isPresent() ? "***" : "(none)") + "]";
    }
  }
}
