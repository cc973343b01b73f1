package dev.voxscribe.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSettingsStoreTest {
  @TempDir Path dir;

  @Test
  void settingsSurviveAReopen() {
    try (SettingsStore store = SqliteSettingsStore.open(dir.resolve("nested/data"))) {
      store.put("telegram:chat:-100", "auto", "false");
      store.put("telegram:chat:-100", "auto", "true");
      store.put("telegram:chat:-100", "language", "de");
      store.put("discord:channel:1", "auto", "true");
      store.remove("discord:channel:1", "auto");
    }
    try (SettingsStore store = SqliteSettingsStore.open(dir.resolve("nested/data"))) {
      assertThat(store.get("telegram:chat:-100", "auto")).contains("true");
      assertThat(store.get("telegram:chat:-100", "language")).contains("de");
      assertThat(store.get("discord:channel:1", "auto")).isEmpty();
      assertThat(store.get("nobody", "auto")).isEmpty();
    }
    assertThat(dir.resolve("nested/data").resolve(SqliteSettingsStore.FILE_NAME)).exists();
  }
}
