package dev.voxscribe.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voxscribe.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL ({@code VOXSCRIBE_TEST_DATABASE_URL}, a schema of its own per
 * test), plus what only a server can do: drop a connection, and serve several instances at once.
 * Skipped, with the reason, where no PostgreSQL answers.
 */
class PostgresStoreContractTest extends StoreContract {
  private static Optional<String> unavailable;
  private TestDatabase database;

  @BeforeAll
  static void reachable() {
    unavailable = TestDatabase.unavailable();
    unavailable.ifPresent(reason -> System.err.println("NOTICE " + reason));
  }

  @Override
  Store open() {
    // Each test, not the class, is skipped: Maven then counts them as skipped, with the reason.
    assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
    if (database == null) database = TestDatabase.open().orElseThrow();
    return PostgresStore.open(database.url(), Optional.empty(), Optional.empty());
  }

  @Override
  Store open(Instance instance) {
    assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
    if (database == null) database = TestDatabase.open().orElseThrow();
    return PostgresStore.open(database.url(), Optional.empty(), Optional.empty(), instance);
  }

  @Override
  Connection rawConnection() throws SQLException {
    return database.connection();
  }

  @Override
  void dispose() {
    if (database != null) database.close();
  }

  @Override
  String setting() {
    return "VOXSCRIBE_DATABASE_URL";
  }

  @Override
  String trueLiteral() {
    return "true";
  }

  @Test
  void aConnectionTheServerDropsIsReopenedForTheNextStatement() throws Exception {
    int pid = ((JdbcStore) store).database().run(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        return rs.getInt(1);
      }
    });
    try (Connection c = rawConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next() && rs.getBoolean(1)).isTrue();
      }
      awaitGone(c, pid);
    }
    // The statement that meets the dead connection fails like any failed write (logged, no throw)...
    Inbox.Recorded first = store.inbox().record("telegram", 1, "{}", T0);
    assertThat(first).isIn(Inbox.Recorded.UNRECORDED, Inbox.Recorded.NEW);
    // ...and the next ones run on a new connection.
    store.inbox().record("telegram", 2, "{}", T0);
    assertThat(store.inbox().pending("telegram")).extracting(Inbox.Entry::updateId).contains(2L);
    int now = ((JdbcStore) store).database().run(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        return rs.getInt(1);
      }
    });
    assertThat(now).isNotEqualTo(pid);
  }

  private static void awaitGone(Connection c, int pid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
      ps.setInt(1, pid);
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == 0) return;
        }
        if (System.nanoTime() > deadline) throw new AssertionError("backend " + pid + " still there");
        Thread.sleep(10); // polling interval of the wait, not a wait for time to pass
      }
    }
  }

  /** Instances starting together on an empty database: Flyway's lock lets one migrate, the others find it done. */
  @Test
  void fourInstancesStartingAtOnceMigrateOnceAndAllOpen() throws Exception {
    store.close();
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + database.schema() + " CASCADE");
      s.execute("CREATE SCHEMA " + database.schema());
    }
    store = null;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Store> opened = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Store>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(pool.submit(() -> {
          go.await();
          return open();
        }));
      }
      go.countDown();
      for (Future<Store> f : all) opened.add(f.get());
      assertThat(versions()).doesNotHaveDuplicates().endsWith(newestMigration());
      for (Store s : opened) {
        assertThat(s.inbox().record("telegram", 5, "{}", T0)).isNotEqualTo(Inbox.Recorded.UNRECORDED);
      }
    } finally {
      pool.shutdownNow();
      for (Store s : opened) s.close();
    }
  }

  /** Quotas are exact across instances: two stores on one database, increments from both at once. */
  @Test
  void countersAreExactWhenTwoInstancesIncrementAtOnce() throws Exception {
    UsageStore.Key key = new UsageStore.Key(20_000, UsageStore.Kind.PERSON, "telegram:user:7", "quota_ms");
    try (Store other = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          Store s = i % 2 == 0 ? store : other;
          all.add(pool.submit(() -> {
            go.await();
            return s.usage().add(key, 250);
          }));
        }
        go.countDown();
        for (Future<Boolean> f : all) assertThat(f.get()).isTrue();
      } finally {
        pool.shutdownNow();
      }
      assertThat(other.usage().get(key)).isEqualTo(40 * 250);
      assertThat(store.usage().get(key)).isEqualTo(40 * 250);
    }
  }

  /** An update delivered to two instances is recorded by one: the other is told it is a duplicate. */
  @Test
  void anUpdateReachingTwoInstancesIsNewForExactlyOne() {
    try (Store other = open()) {
      List<Inbox.Recorded> seen = List.of(store.inbox().record("telegram", 77, "{}", T0),
          other.inbox().record("telegram", 77, "{}", T0));
      assertThat(seen).containsExactlyInAnyOrder(Inbox.Recorded.NEW, Inbox.Recorded.DUPLICATE);
    }
  }

  /** The long-poll role: one holder; free again when it gives up, closes, or its session dies. */
  @Test
  void oneInstanceHoldsARoleAndAStandbyGetsItWhenTheHolderIsGone() throws Exception {
    try (Store other = open();
        Leadership a = store.leadership(Duration.ofSeconds(30));
        Leadership b = other.leadership(Duration.ofSeconds(30))) {
      assertThat(a.hold("telegram-poll")).isTrue();
      assertThat(a.hold("telegram-poll")).as("the holder confirms").isTrue();
      assertThat(b.hold("telegram-poll")).as("the standby").isFalse();
      assertThat(b.hold("telegram-setup")).as("another role is free").isTrue();
      a.release("telegram-poll");
      assertThat(b.hold("telegram-poll")).isTrue();
      assertThat(a.hold("telegram-poll")).isFalse();
      b.close(); // the process ends: its session, and every lock in it, with it
      assertThat(a.hold("telegram-poll")).isTrue();
      assertThat(a.hold("telegram-setup")).isTrue();
    }
  }

  @Test
  void aHolderWhoseSessionTheServerEndsLosesTheRoleAndTheStandbyTakesOver() throws Exception {
    try (Store other = open();
        Leadership a = store.leadership(Duration.ofSeconds(30));
        Leadership b = other.leadership(Duration.ofSeconds(30))) {
      assertThat(a.hold("telegram-poll")).isTrue();
      try (Connection c = rawConnection(); Statement s = c.createStatement()) {
        // As when the holder's host is gone: the server ends its session.
        long key = PostgresLeadership.key(database.schema(), "telegram-poll");
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = "
            + (key >>> 32) + " AND objid::bigint = " + (key & 0xffffffffL) + " AND objsubid = 1");
      }
      dev.voxscribe.testing.Await.until("the standby takes the role", () -> b.hold("telegram-poll"));
      assertThat(a.hold("telegram-poll")).as("the old holder learns it lost the role").isFalse();
    }
  }

  /** A holder that stops confirming (frozen) loses its session after the lease (idle_session_timeout). */
  @Test
  void aHolderThatStopsConfirmingLosesTheRoleAfterTheLease() throws Exception {
    try (Store other = open();
        Leadership a = store.leadership(Duration.ofMillis(1500));
        Leadership b = other.leadership(Duration.ofMillis(1500))) {
      assertThat(a.hold("telegram-poll")).isTrue();
      assertThat(b.hold("telegram-poll")).isFalse();
      dev.voxscribe.testing.Await.until("the standby takes the role after the lease", () -> b.hold("telegram-poll"));
    }
  }
}
