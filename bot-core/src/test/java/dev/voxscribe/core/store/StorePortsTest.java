package dev.voxscribe.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.Word;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class StorePortsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  @TempDir Path dir;
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void anUpdateIsRecordedOnceAndPendingUntilDone() {
    Inbox inbox = store.inbox();
    assertThat(inbox.record("telegram", 12, "{\"update_id\":12}", T0)).isEqualTo(Inbox.Recorded.NEW);
    assertThat(inbox.record("telegram", 11, "{\"update_id\":11}", T0)).isEqualTo(Inbox.Recorded.NEW);
    assertThat(inbox.record("telegram", 12, "{\"update_id\":12}", T0)).isEqualTo(Inbox.Recorded.DUPLICATE);
    assertThat(inbox.record("discord", 12, "{}", T0)).isEqualTo(Inbox.Recorded.NEW);
    assertThat(inbox.pending("telegram")).extracting(Inbox.Entry::updateId).containsExactly(11L, 12L);
    inbox.done("telegram", 11, T0.plusSeconds(1));
    assertThat(inbox.pending("telegram")).extracting(Inbox.Entry::payload).containsExactly("{\"update_id\":12}");
    // A handled update is still recognised as a redelivery until purged.
    assertThat(inbox.record("telegram", 11, "{}", T0)).isEqualTo(Inbox.Recorded.DUPLICATE);
    assertThat(inbox.purge(T0.plusSeconds(2))).isEqualTo(1);
    assertThat(inbox.pending("telegram")).hasSize(1);
  }

  @Test
  void jobsKeepWhoWaitsAndWhereTheyAre() {
    JobStore jobs = store.jobs();
    JobRecord job = JobRecord.start("telegram:42:7", "telegram", "{\"file_id\":\"f\"}", "{\"chat\":42}", T0);
    assertThat(jobs.save(job)).isTrue();
    jobs.save(job.at(JobStage.POLLING, Optional.of("gen-1"), T0.plusSeconds(1)));
    jobs.save(JobRecord.start("telegram:42:8", "telegram", "{}", "{}", T0.plusSeconds(2))
        .at(JobStage.DELIVERED, Optional.empty(), T0.plusSeconds(3)));
    assertThat(jobs.unfinished("telegram")).singleElement().satisfies(j -> {
      assertThat(j.stage()).isEqualTo(JobStage.POLLING);
      assertThat(j.generationId()).contains("gen-1");
      assertThat(j.waiter()).isEqualTo("{\"chat\":42}");
      assertThat(j.createdAt()).isEqualTo(T0);
    });
    assertThat(jobs.unfinished("discord")).isEmpty();
    assertThat(jobs.purge(T0.plusSeconds(10))).isEqualTo(1);
    assertThat(jobs.find("telegram:42:8")).isEmpty();
  }

  @Test
  void transcriptsExpireAndArePurged() {
    Transcript t = new Transcript("Hallo Welt.", Optional.of("de"), Optional.of(Duration.ofMillis(3200)),
        List.of(new Word("Hallo", Duration.ZERO, Duration.ofMillis(400), Optional.of(0.9), Optional.of("0"))),
        "gen-9", "#g1_whisper-large");
    store.transcripts().put("sha256:ab|m|auto|0", t, T0.plusSeconds(60));
    assertThat(store.transcripts().find("sha256:ab|m|auto|0", T0)).contains(t);
    assertThat(store.transcripts().find("sha256:ab|m|auto|0", T0.plusSeconds(60))).isEmpty();
    assertThat(store.transcripts().purge(T0.plusSeconds(59))).isZero();
    assertThat(store.transcripts().purge(T0.plusSeconds(60))).isEqualTo(1);
  }

  @Test
  void generationsAndSnapshotsRoundTrip() {
    store.generations().put("platform:telegram:U1|m", new GenerationStore.Generation("gen-2", T0));
    assertThat(store.generations().find("platform:telegram:U1|m")).contains(new GenerationStore.Generation("gen-2", T0));
    assertThat(store.generations().purge(T0.plusMillis(1))).isEqualTo(1);
    store.snapshots().save("estimator", new SnapshotStore.Snapshot(1, "{\"a\":1}"), T0);
    store.snapshots().save("estimator", new SnapshotStore.Snapshot(2, "{\"a\":2}"), T0);
    assertThat(store.snapshots().load("estimator")).contains(new SnapshotStore.Snapshot(2, "{\"a\":2}"));
  }

  /** SQLITE_FULL, as on a full disk: the write reports failure, the log names what and where, nothing throws. */
  @Test
  void aFailingWriteIsLoggedWithWhatAndWhereAndThrowsNothing() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Database.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      Database db = store.database();
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
      assertThat(store.jobs().save(JobRecord.start("j", "telegram", "x".repeat(8000), "{}", T0))).isFalse();
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).contains("telegram update 10000").contains("VOXSCRIBE_DATA_DIR=" + dir)
              .containsIgnoringCase("full"));
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void usageCountersAreExactUnderFiftyConcurrentIncrementsAndAfterReopening() throws Exception {
    UsageStore.Key key = new UsageStore.Key(20_000, UsageStore.Kind.CHAT, "telegram:chat:-100", "quota_ms");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(50);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Boolean>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long delta = i + 1;
        all.add(pool.submit(() -> {
          go.await();
          return store.usage().addAll(java.util.Map.of(key, delta,
              new UsageStore.Key(20_000, UsageStore.Kind.BOT, UsageStore.BOT_SCOPE, "creates"), 1L));
        }));
      }
      go.countDown();
      for (var f : all) assertThat(f.get()).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.usage().get(key)).isEqualTo(50 * 51 / 2);
    store.usage().add(new UsageStore.Key(20_001, UsageStore.Kind.CHAT, "telegram:chat:-100", "quota_ms"), 5);
    store.usage().add(new UsageStore.Key(20_001, UsageStore.Kind.CHAT, "telegram:chat:-200", "quota_ms"), 7_000);
    store.close();
    store = SqliteStore.open(dir);
    assertThat(store.usage().get(key)).isEqualTo(1275);
    assertThat(store.usage().totals(UsageStore.Kind.BOT, UsageStore.BOT_SCOPE, 20_000, 20_001)).containsEntry("creates", 50L);
    assertThat(store.usage().top(UsageStore.Kind.CHAT, "quota_ms", 20_000, 20_001, 5))
        .containsExactly(new UsageStore.Total("telegram:chat:-200", 7_000), new UsageStore.Total("telegram:chat:-100", 1_280));
    assertThat(store.usage().get(new UsageStore.Key(19_999, UsageStore.Kind.CHAT, "telegram:chat:-100", "quota_ms"))).isZero();
  }
}
