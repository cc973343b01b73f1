package dev.voxscribe.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The store contract on SQLite, plus what only a file can do: fill its disk. */
class SqliteStoreContractTest extends StoreContract {
  @TempDir Path dir;

  @Override
  Store open() {
    return SqliteStore.open(dir);
  }

  @Override
  Store open(Instance instance) {
    return SqliteStore.open(dir, instance);
  }

  @Override
  Connection rawConnection() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
  }

  @Override
  String setting() {
    return "VOXSCRIBE_DATA_DIR";
  }

  @Override
  String trueLiteral() {
    return "1";
  }

  /** SQLITE_FULL, as on a full disk: the write reports failure, the log names what and where, nothing throws. */
  @Test
  void aFailingWriteIsLoggedWithWhatAndWhereAndThrowsNothing() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Database.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      Database db = ((JdbcStore) store).database();
      db.run(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA max_page_count = 1"); // clamps to the pages in use: no room to grow
        }
        return null;
      });
      for (int i = 0; i < 200 && store.inbox().record("telegram", i, "x".repeat(4000), T0) == Inbox.Recorded.NEW; i++) {
        // fill what is left of the last page
      }
      assertThat(store.inbox().record("telegram", 10_000, "x".repeat(4000), T0)).isEqualTo(Inbox.Recorded.UNRECORDED);
      assertThat(store.jobs().save(JobRecord.start("j", "telegram", "x".repeat(8000), "{}", T0))).isEqualTo(JobStore.Saved.STORE_FAILED);
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).contains("telegram update 10000").contains("VOXSCRIBE_DATA_DIR=" + dir)
              .containsIgnoringCase("full"));
      // A full disk is not a lost connection: reads still go through the same one.
      assertThat(store.inbox().pending("telegram")).isNotEmpty();
    } finally {
      logger.detachAppender(logs);
    }
  }
}
