package dev.voxscribe.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.store.UndecodableUpdates.Kept;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndecodableUpdatesStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  @TempDir Path dir;

  private static Kept update(long id, Instant at) {
    return new Kept("telegram", id, "message.gift", "convertStarCount is marked non-null but is null",
        "{\"update_id\":" + id + "}", at);
  }

  @Test
  void keptUpdatesSurviveReopeningAndTheSameIdReplacesTheCopy() {
    try (SqliteStore store = SqliteStore.open(dir)) {
      store.settings().put("chat:1", "auto", "off");
      store.undecodable().keep(update(7, T0));
      store.undecodable().keep(update(8, T0.plusSeconds(1)));
      store.undecodable().keep(update(7, T0.plusSeconds(2)));
    }
    try (SqliteStore store = SqliteStore.open(dir)) {
      assertThat(store.undecodable().recent("telegram", 10)).extracting(Kept::updateId).containsExactly(7L, 8L);
      assertThat(store.undecodable().recent("telegram", 10).get(0))
          .isEqualTo(update(7, T0.plusSeconds(2)));
      assertThat(store.undecodable().recent("discord", 10)).isEmpty();
      assertThat(store.settings().get("chat:1", "auto")).isEqualTo(Optional.of("off"));
    }
  }

  @Test
  void onlyTheNewestAreKept() {
    try (SqliteStore store = SqliteStore.open(dir)) {
      UndecodableUpdates few = new JdbcUndecodableUpdates(store.database(), 3);
      for (int i = 0; i < 5; i++) few.keep(update(i, T0.plusSeconds(i)));
      few.keep(new Kept("discord", 1, "x", "y", "{}", T0));
      assertThat(few.recent("telegram", 10)).extracting(Kept::updateId).containsExactly(4L, 3L, 2L);
      assertThat(few.recent("discord", 10)).hasSize(1);
    }
  }
}
