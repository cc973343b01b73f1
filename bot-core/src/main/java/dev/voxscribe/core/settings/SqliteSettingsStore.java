package dev.voxscribe.core.settings;

import dev.voxscribe.core.store.SqliteStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link SettingsStore} alone, over a {@link SqliteStore} it owns (tests and callers that need only
 * the settings). The app opens the whole store and passes {@code store.settings()}.
 */
public final class SqliteSettingsStore implements SettingsStore {
  public static final String FILE_NAME = SqliteStore.FILE_NAME;

  private final SqliteStore store;

  private SqliteSettingsStore(SqliteStore store) {
    this.store = store;
  }

  /** Opens (creating and migrating when needed) the store under {@code dataDir}. */
  public static SqliteSettingsStore open(Path dataDir) {
    return new SqliteSettingsStore(SqliteStore.open(dataDir));
  }

  @Override public Optional<String> get(String scope, String key) { return store.settings().get(scope, key); }
  @Override public void put(String scope, String key, String value) { store.settings().put(scope, key, value); }
  @Override public void remove(String scope, String key) { store.settings().remove(scope, key); }
  @Override public java.util.Map<String, String> withKey(String scopePrefix, String key) {
    return store.settings().withKey(scopePrefix, key);
  }

  @Override
  public void close() {
    store.close();
  }
}
