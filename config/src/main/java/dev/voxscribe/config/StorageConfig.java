package dev.voxscribe.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the store lives: {@code VOXSCRIBE_DATA_DIR} (the embedded SQLite file, and spooled work
 * files), or PostgreSQL when {@code VOXSCRIBE_DATABASE_URL} is set (with
 * {@code VOXSCRIBE_DATABASE_USER} and {@code VOXSCRIBE_DATABASE_PASSWORD}).
 */
public record StorageConfig(Path dataDir, Optional<Database> database) {
  public StorageConfig(Path dataDir) {
    this(dataDir, Optional.empty());
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
