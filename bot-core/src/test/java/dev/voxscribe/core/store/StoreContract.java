package dev.voxscribe.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.Word;
import dev.voxscribe.core.store.UndecodableUpdates.Kept;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} promises, run against each database the store can live in: SQLite
 * ({@link SqliteStoreContractTest}) and PostgreSQL ({@link PostgresStoreContractTest}). A test
 * that only one of them can run (a full disk, a dropped connection) lives in that subclass.
 */
abstract class StoreContract {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  Store store;

  /** Opens the store on this test's database, migrating it: a second call opens the same data again. */
  abstract Store open();

  /** Opens the same data as another instance of the cluster would (SQLite: a second connection to the file). */
  abstract Store open(Instance instance);

  /** A plain connection to this test's database, to look at what the migrations made. */
  abstract Connection rawConnection() throws SQLException;

  /** Frees this test's database after the store is closed. */
  void dispose() {}

  @BeforeEach
  void start() {
    store = open();
  }

  @AfterEach
  void stop() {
    try {
      if (store != null) store.close();
    } finally {
      dispose();
    }
  }

  void reopen() {
    store.close();
    store = open();
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
    assertThat(jobs.save(job)).isEqualTo(JobStore.Saved.SAVED);
    jobs.save(job.polling("gen-1", T0.plusMillis(900), T0.plusSeconds(1)));
    jobs.save(JobRecord.start("telegram:42:8", "telegram", "{}", "{}", T0.plusSeconds(2))
        .at(JobStage.DELIVERED, Optional.empty(), T0.plusSeconds(3)));
    assertThat(jobs.unfinished("telegram")).singleElement().satisfies(j -> {
      assertThat(j.stage()).isEqualTo(JobStage.POLLING);
      assertThat(j.generationId()).contains("gen-1");
      assertThat(j.generationCreatedAt()).contains(T0.plusMillis(900));
      assertThat(j.waiter()).isEqualTo("{\"chat\":42}");
      assertThat(j.createdAt()).isEqualTo(T0);
    });
    assertThat(jobs.unfinished("discord")).isEmpty();
    assertThat(jobs.purge(T0.plusSeconds(10))).isEqualTo(1);
    assertThat(jobs.find("telegram:42:8")).isEmpty();
    assertThat(jobs.find("telegram:42:7")).hasValueSatisfying(j -> assertThat(j.plan()).isEmpty());
  }

  /** Instances sharing one database, each with its own clock (moved by the test) and a 30 s lease. */
  private final List<Store> instances = new ArrayList<>();

  private Store instance(String id, java.time.Clock clock) {
    Store s = open(new Instance(id, Duration.ofSeconds(30), clock));
    instances.add(s);
    return s;
  }

  @AfterEach
  void closeInstances() {
    instances.forEach(Store::close);
  }

  @Test
  void aJobIsLeasedToItsInstanceAndAnotherResumesItOnlyOnceTheLeaseLapsed() {
    MovingClock clock = new MovingClock(T0);
    Store a = instance("a", clock);
    Store b = instance("b", clock);
    JobRecord job = JobRecord.start("telegram:1:1", "telegram", "{}", "{}", T0).polling("gen-1", T0, T0);
    assertThat(a.jobs().save(job)).isEqualTo(JobStore.Saved.SAVED);
    assertThat(b.jobs().unfinished("telegram")).as("a live instance's job, at b's start").isEmpty();
    clock.move(Duration.ofSeconds(29));
    assertThat(b.jobs().takeOver("telegram")).as("within the lease").isEmpty();
    clock.move(Duration.ofSeconds(2));
    assertThat(b.jobs().takeOver("telegram")).singleElement().satisfies(j -> {
      assertThat(j.id()).isEqualTo("telegram:1:1");
      assertThat(j.generationId()).as("polled again, never created again").contains("gen-1");
    });
    assertThat(b.jobs().takeOver("telegram")).as("b's now: taken once").isEmpty();
    assertThat(a.jobs().takeOver("telegram")).as("b renews nothing yet, but its lease is fresh").isEmpty();
    // a was presumed dead; its late write does not take the job back from b.
    assertThat(a.jobs().save(job.at(JobStage.DELIVERING, Optional.empty(), T0.plusSeconds(31))))
        .isEqualTo(JobStore.Saved.TAKEN_OVER);
    assertThat(b.jobs().find("telegram:1:1")).hasValueSatisfying(j -> assertThat(j.stage()).isEqualTo(JobStage.POLLING));
    assertThat(b.jobs().save(job.at(JobStage.DELIVERED, Optional.empty(), T0.plusSeconds(32)))).isEqualTo(JobStore.Saved.SAVED);
    clock.move(Duration.ofMinutes(5));
    assertThat(a.jobs().takeOver("telegram")).as("a finished job is nobody's to resume").isEmpty();
    assertThat(a.jobs().unfinished("telegram")).isEmpty();
  }

  @Test
  void aSaveOverAJobAnotherLiveInstanceTookOverSaysSoAndWritesNothing() {
    MovingClock clock = new MovingClock(T0);
    Store a = instance("a", clock);
    Store b = instance("b", clock);
    JobRecord job = JobRecord.start("discord:m:7", "discord", "{}", "{}", T0);
    assertThat(a.jobs().save(job)).isEqualTo(JobStore.Saved.SAVED);
    // a pauses past its lease (a long GC, SIGSTOP); b takes the job over.
    clock.move(Duration.ofSeconds(31));
    assertThat(b.jobs().takeOver("discord")).hasSize(1);
    // a wakes up and goes on with the job: told it is b's now, and b's record stays as b has it.
    JobRecord polled = job.polling("gen-a", T0.plusSeconds(31), T0.plusSeconds(31));
    assertThat(a.jobs().save(polled)).isEqualTo(JobStore.Saved.TAKEN_OVER);
    assertThat(a.jobs().save(polled.withPlan("{}", T0.plusSeconds(31)))).isEqualTo(JobStore.Saved.TAKEN_OVER);
    assertThat(b.jobs().find("discord:m:7")).hasValueSatisfying(j -> {
      assertThat(j.stage()).isEqualTo(JobStage.DOWNLOADING);
      assertThat(j.generationId()).isEmpty();
    });
    // Once b answered, a's late write does not reopen the job either...
    assertThat(b.jobs().save(job.at(JobStage.DELIVERED, Optional.empty(), T0.plusSeconds(32))))
        .isEqualTo(JobStore.Saved.SAVED);
    assertThat(a.jobs().save(polled.withPlan("{}", T0.plusSeconds(33)))).isEqualTo(JobStore.Saved.TAKEN_OVER);
    assertThat(a.jobs().find("discord:m:7")).hasValueSatisfying(j -> assertThat(j.stage()).isEqualTo(JobStage.DELIVERED));
    // ...but a new job under the same id (the message edited, asked anew) is a's.
    clock.move(Duration.ofSeconds(10));
    assertThat(a.jobs().save(JobRecord.start("discord:m:7", "discord", "{}", "{}", T0.plusSeconds(41))))
        .isEqualTo(JobStore.Saved.SAVED);
    // And a job whose other instance stopped renewing is the writer's again (nobody else holds it).
    clock.move(Duration.ofMinutes(1));
    assertThat(b.jobs().save(job.at(JobStage.CREATING, Optional.empty(), T0.plusSeconds(101))))
        .isEqualTo(JobStore.Saved.SAVED);
  }

  @Test
  void renewingKeepsAnInstancesJobsAndItsRestartTakesThemBackAtOnce() {
    MovingClock clock = new MovingClock(T0);
    Store a = instance("a", clock);
    Store b = instance("b", clock);
    a.jobs().save(JobRecord.start("discord:m:1", "discord", "{}", "{}", T0));
    a.jobs().save(JobRecord.start("discord:m:2", "discord", "{}", "{}", T0.plusSeconds(1)));
    for (int i = 0; i < 4; i++) {
      clock.move(Duration.ofSeconds(20));
      assertThat(a.jobs().renew()).isEqualTo(2);
      assertThat(b.jobs().takeOver("discord")).isEmpty();
    }
    // a restarts (the same id, from its data directory): its jobs are its own again at once.
    Store again = instance("a", clock);
    assertThat(again.jobs().unfinished("discord")).extracting(JobRecord::id).containsExactly("discord:m:1", "discord:m:2");
    assertThat(b.jobs().unfinished("discord")).isEmpty();
  }

  @Test
  void lapsedJobsGoEachToExactlyOneOfSeveralInstancesAskingAtOnce() throws Exception {
    MovingClock clock = new MovingClock(T0);
    Store dead = instance("dead", clock);
    for (int i = 0; i < 40; i++) dead.jobs().save(JobRecord.start("telegram:9:" + i, "telegram", "{}", "{}", T0));
    clock.move(Duration.ofMinutes(1));
    List<Store> alive = List.of(instance("a", clock), instance("b", clock), instance("c", clock), instance("d", clock));
    ExecutorService pool = Executors.newFixedThreadPool(alive.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<JobRecord>>> taken = new ArrayList<>();
      for (Store s : alive) {
        taken.add(pool.submit(() -> {
          go.await();
          List<JobRecord> mine = new ArrayList<>();
          for (int round = 0; round < 5; round++) mine.addAll(s.jobs().takeOver("telegram"));
          return mine;
        }));
      }
      go.countDown();
      List<String> all = new ArrayList<>();
      for (Future<List<JobRecord>> f : taken) f.get().forEach(j -> all.add(j.id()));
      assertThat(all).hasSize(40).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUpdateRecordedByAnInstanceThatStoppedIsTakenOverByAnotherOnceItsLeaseLapsed() {
    MovingClock clock = new MovingClock(T0);
    Store a = instance("a", clock);
    Store b = instance("b", clock);
    assertThat(a.inbox().record("telegram", 2, "{\"update_id\":2}", T0)).isEqualTo(Inbox.Recorded.NEW);
    assertThat(a.inbox().record("telegram", 1, "{\"update_id\":1}", T0)).isEqualTo(Inbox.Recorded.NEW);
    a.inbox().record("telegram", 3, "{}", T0);
    a.inbox().done("telegram", 3, T0);
    a.inbox().record("discord", 1, "{}", T0);
    assertThat(b.inbox().pending("telegram")).as("a live instance's updates, at b's start").isEmpty();
    assertThat(b.inbox().takeOver("telegram")).as("within the lease").isEmpty();
    // a renews while it lives (with its jobs' leases): its updates stay its own.
    for (int i = 0; i < 3; i++) {
      clock.move(Duration.ofSeconds(20));
      StoreJanitor.renew(a);
      assertThat(b.inbox().takeOver("telegram")).isEmpty();
    }
    assertThat(a.inbox().renew()).as("a's pending updates, both platforms").isEqualTo(3);
    // a dies after recording, before making jobs of them: b takes them, each once, oldest first.
    clock.move(Duration.ofSeconds(31));
    assertThat(b.inbox().takeOver("telegram")).extracting(Inbox.Entry::updateId, Inbox.Entry::payload)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "{\"update_id\":1}"),
            org.assertj.core.groups.Tuple.tuple(2L, "{\"update_id\":2}"));
    assertThat(b.inbox().takeOver("telegram")).as("b's now: taken once").isEmpty();
    assertThat(a.inbox().renew()).as("a, late: renews only what is still its own").isEqualTo(1);
    assertThat(a.inbox().takeOver("telegram")).as("b's lease is fresh").isEmpty();
    assertThat(instance("c", clock).inbox().pending("telegram")).as("b's, at c's start").isEmpty();
    b.inbox().done("telegram", 1, clock.instant());
    b.inbox().done("telegram", 2, clock.instant());
    clock.move(Duration.ofMinutes(5));
    assertThat(a.inbox().takeOver("telegram")).as("a handled update is nobody's to take").isEmpty();
    assertThat(b.inbox().takeOver("discord")).as("a's discord update, lapsed too").extracting(Inbox.Entry::updateId)
        .containsExactly(1L);
  }

  @Test
  void anInstancesRestartTakesItsOwnUpdatesBackAtOnceAndUpdatesFromBeforeLeasesGoToWhoeverStarts() throws Exception {
    MovingClock clock = new MovingClock(T0);
    Store a = instance("a", clock);
    Store b = instance("b", clock);
    a.inbox().record("telegram", 5, "{}", T0);
    // Recorded by a VoxScribe before leases (no owner, no lease): left to the next start, as before.
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO inbox (platform, update_id, payload, received_at) VALUES ('telegram', 4, '{}', "
          + T0.toEpochMilli() + ")");
    }
    clock.move(Duration.ofMinutes(5));
    assertThat(b.inbox().takeOver("telegram")).as("only a's update, lapsed").extracting(Inbox.Entry::updateId)
        .containsExactly(5L);
    // a restarts under the same id, within its lease of the update it recorded just before.
    a.inbox().record("telegram", 6, "{}", clock.instant());
    Store again = instance("a", clock);
    assertThat(again.inbox().pending("telegram")).as("its own, and the one from before leases")
        .extracting(Inbox.Entry::updateId).containsExactly(4L, 6L);
    assertThat(b.inbox().pending("telegram")).as("taken by a's start").extracting(Inbox.Entry::updateId)
        .containsExactly(5L);
  }

  @Test
  void lapsedUpdatesGoEachToExactlyOneOfSeveralInstancesAskingAtOnce() throws Exception {
    MovingClock clock = new MovingClock(T0);
    Store dead = instance("dead", clock);
    for (int i = 0; i < 40; i++) dead.inbox().record("telegram", i, "{}", T0);
    clock.move(Duration.ofMinutes(1));
    List<Store> alive = List.of(instance("a", clock), instance("b", clock), instance("c", clock), instance("d", clock));
    ExecutorService pool = Executors.newFixedThreadPool(alive.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Inbox.Entry>>> taken = new ArrayList<>();
      for (int n = 0; n < alive.size(); n++) {
        Store s = alive.get(n);
        // Two instances starting (their start-up claim, then sweeps), two that run and sweep.
        boolean starting = n % 2 == 0;
        taken.add(pool.submit(() -> {
          go.await();
          List<Inbox.Entry> mine = new ArrayList<>();
          if (starting) mine.addAll(s.inbox().pending("telegram"));
          for (int round = 0; round < 5; round++) mine.addAll(s.inbox().takeOver("telegram"));
          return mine;
        }));
      }
      go.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Inbox.Entry>> f : taken) f.get().forEach(e -> all.add(e.updateId()));
      assertThat(all).hasSize(40).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneInstanceAtATimeCreatesAKeyUntilItReleasesItOrItsClaimLapses() {
    MovingClock clock = new MovingClock(T0);
    Store a = instance("a", clock);
    Store b = instance("b", clock);
    String key = "sha256:ab|m|auto|0";
    assertThat(a.generations().claimCreate(key)).isTrue();
    assertThat(b.generations().claimCreate(key)).as("a creates it").isFalse();
    assertThat(a.generations().claimCreate(key)).as("a restarted: its own claim").isTrue();
    clock.move(Duration.ofSeconds(25));
    assertThat(a.generations().renewCreates()).isEqualTo(1);
    clock.move(Duration.ofSeconds(25));
    assertThat(b.generations().claimCreate(key)).as("renewed").isFalse();
    a.generations().releaseCreate(key);
    assertThat(b.generations().claimCreate(key)).as("released").isTrue();
    clock.move(Duration.ofSeconds(31));
    assertThat(a.generations().claimCreate(key)).as("b died: its claim lapsed").isTrue();
    b.generations().releaseCreate(key); // b, late: a's claim stays
    assertThat(b.generations().claimCreate(key)).isFalse();
    clock.move(Duration.ofHours(3));
    a.generations().purge(clock.instant().minus(Duration.ofHours(2)));
    assertThat(b.generations().claimCreate(key)).as("purged").isTrue();
  }

  @Test
  void aClaimLeftByAKilledRunIsDroppedWhenThatInstanceStartsAgain() {
    MovingClock clock = new MovingClock(T0);
    Store a = instance("a", clock);
    Store b = instance("b", clock);
    String key = "sha256:cd|m|auto|0";
    assertThat(a.generations().claimCreate(key)).isTrue();
    // a is killed mid-create (never released) and starts again under the same id: it renews what it has.
    Store again = instance("a", clock);
    again.generations().renewCreates();
    assertThat(b.generations().claimCreate(key)).as("the killed run's claim is gone, not renewed").isTrue();
  }

  /** A clock the test moves. */
  static final class MovingClock extends java.time.Clock {
    private volatile Instant now;

    MovingClock(Instant start) {
      this.now = start;
    }

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override public Instant instant() { return now; }
    @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
    @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
  }

  @Test
  void transcriptsExpireAndArePurged() {
    Transcript t = new Transcript("Hallo Welt. «Ünïcødé» 🎙", Optional.of("de"), Optional.of(Duration.ofMillis(3200)),
        List.of(new Word("Hallo", Duration.ZERO, Duration.ofMillis(400), Optional.of(0.9), Optional.of("0"))),
        "gen-9", "#g1_whisper-large");
    store.transcripts().put("sha256:ab|m|auto|0", t, T0.plusSeconds(60));
    assertThat(store.transcripts().find("sha256:ab|m|auto|0", T0)).contains(t);
    assertThat(store.transcripts().find("sha256:ab|m|auto|0", T0.plusSeconds(60))).isEmpty();
    assertThat(store.transcripts().purge(T0.plusSeconds(59))).isZero();
    assertThat(store.transcripts().purge(T0.plusSeconds(60))).isEqualTo(1);
  }

  @Test
  void keptTranscriptsAndTheirResultsSurviveReopeningThenExpireTogether() {
    Transcript t = new Transcript("Hallo Welt. «Ünïcødé» 🎙", Optional.of("de"), Optional.of(Duration.ofMillis(3200)),
        List.of(new Word("Hallo", Duration.ZERO, Duration.ofMillis(400), Optional.of(0.9), Optional.of("0"))),
        "gen-9", "#g1_whisper-large");
    assertThat(store.extras().keep("AbCdEfGh12345678", t, T0.plusSeconds(60))).isTrue();
    ExtrasStore.Extra summary = new ExtrasStore.Extra("• Hallo.", "gpt-4o-mini",
        Optional.of(new java.math.BigDecimal("0.000124")), T0);
    store.extras().putExtra("AbCdEfGh12345678", "summary", "-", summary);
    store.extras().putExtra("AbCdEfGh12345678", "translation", "en", new ExtrasStore.Extra("• Hello.", "gpt-4o-mini",
        Optional.empty(), T0));
    // The same key again replaces, as a second answer for the same press would.
    store.extras().putExtra("AbCdEfGh12345678", "translation", "en", new ExtrasStore.Extra("• Hello!", "gpt-4o-mini",
        Optional.empty(), T0));
    reopen();
    assertThat(store.extras().transcript("AbCdEfGh12345678", T0)).contains(t);
    assertThat(store.extras().extra("AbCdEfGh12345678", "summary", "-")).contains(summary);
    assertThat(store.extras().extra("AbCdEfGh12345678", "translation", "en")).hasValueSatisfying(
        e -> assertThat(e.content()).isEqualTo("• Hello!"));
    assertThat(store.extras().transcript("AbCdEfGh12345678", T0.plusSeconds(60))).isEmpty();
    assertThat(store.extras().purge(T0.plusSeconds(59))).isZero();
    assertThat(store.extras().purge(T0.plusSeconds(60))).isPositive();
    assertThat(store.extras().extra("AbCdEfGh12345678", "summary", "-")).isEmpty();
  }

  @Test
  void generationsAndSnapshotsRoundTrip() {
    store.generations().put("platform:telegram:U1|m", new GenerationStore.Generation("gen-2", T0));
    assertThat(store.generations().find("platform:telegram:U1|m")).contains(new GenerationStore.Generation("gen-2", T0));
    store.generations().put("platform:telegram:U1|m", new GenerationStore.Generation("gen-3", T0));
    assertThat(store.generations().find("platform:telegram:U1|m")).map(GenerationStore.Generation::generationId)
        .contains("gen-3");
    assertThat(store.generations().purge(T0.plusMillis(1))).isEqualTo(1);
    // A create sent but never answered is remembered a day, not two hours: its job may resume late.
    GenerationStore.Generation unanswered = GenerationStore.Generation.sentUnanswered("req-1", T0);
    assertThat(unanswered.unanswered()).isTrue();
    assertThat(new GenerationStore.Generation("gen-4", T0).unanswered()).isFalse();
    store.generations().put("sha256:cd|m|auto|0", unanswered);
    assertThat(store.generations().purge(T0.plusSeconds(3600))).isZero();
    assertThat(store.generations().find("sha256:cd|m|auto|0")).contains(unanswered);
    assertThat(store.generations().purge(T0.plus(GenerationStore.KEEP_UNANSWERED_LONGER).plusMillis(1))).isEqualTo(1);
    store.snapshots().save("estimator", new SnapshotStore.Snapshot(1, "{\"a\":1}"), T0);
    store.snapshots().save("estimator", new SnapshotStore.Snapshot(2, "{\"a\":2}"), T0);
    assertThat(store.snapshots().load("estimator")).contains(new SnapshotStore.Snapshot(2, "{\"a\":2}"));
    assertThat(store.snapshots().load("nothing")).isEmpty();
  }

  @Test
  void settingsAreReplacedRemovedAndKeptAcrossReopening() {
    store.settings().put("telegram:chat:1", "language", "de");
    store.settings().put("telegram:chat:1", "language", "pt-BR");
    store.settings().put("telegram:chat:1", "auto", "false");
    store.settings().remove("telegram:chat:1", "auto");
    reopen();
    assertThat(store.settings().get("telegram:chat:1", "language")).contains("pt-BR");
    assertThat(store.settings().get("telegram:chat:1", "auto")).isEmpty();
    assertThat(store.settings().get("telegram:chat:2", "language")).isEmpty();
  }

  @Test
  void settingsAreListedByScopePrefixAndKey() {
    store.settings().put("discord:dm:1", "last_voice", "10");
    store.settings().put("discord:dm:2", "last_voice", "20");
    store.settings().put("discord:dm:2", "auto", "on");
    store.settings().put("discord:dmx", "auto", "on");
    store.settings().put("discord:channel:3", "last_voice", "30");
    store.settings().put("discord:d_:4", "last_voice", "40");
    reopen();
    assertThat(store.settings().withKey("discord:dm:", "last_voice"))
        .isEqualTo(Map.of("discord:dm:1", "10", "discord:dm:2", "20"));
    // A prefix is matched literally, not as a pattern.
    assertThat(store.settings().withKey("discord:d_:", "last_voice")).isEqualTo(Map.of("discord:d_:4", "40"));
    assertThat(store.settings().withKey("telegram:", "last_voice")).isEmpty();
  }

  @Test
  void usageCountersAreExactUnderFiftyConcurrentIncrementsAndAfterReopening() throws Exception {
    UsageStore.Key key = new UsageStore.Key(20_000, UsageStore.Kind.CHAT, "telegram:chat:-100", "quota_ms");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long delta = i + 1;
        all.add(pool.submit(() -> {
          go.await();
          return store.usage().addAll(Map.of(key, delta,
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
    reopen();
    assertThat(store.usage().get(key)).isEqualTo(1275);
    assertThat(store.usage().totals(UsageStore.Kind.BOT, UsageStore.BOT_SCOPE, 20_000, 20_001)).containsEntry("creates", 50L);
    assertThat(store.usage().top(UsageStore.Kind.CHAT, "quota_ms", 20_000, 20_001, 5))
        .containsExactly(new UsageStore.Total("telegram:chat:-200", 7_000), new UsageStore.Total("telegram:chat:-100", 1_280));
    assertThat(store.usage().get(new UsageStore.Key(19_999, UsageStore.Kind.CHAT, "telegram:chat:-100", "quota_ms"))).isZero();
  }

  @Test
  void jobCostsRoundTripWithAndWithoutCredits() {
    var paid = new UsageStore.JobCost("gen-1", "telegram", "telegram:user:1", "telegram:chat:1", Duration.ofMillis(4200),
        84_000_000L, false, java.util.OptionalLong.of(21), T0);
    var estimated = new UsageStore.JobCost("gen-2", "discord", "discord:user:2", "discord:guild:3", Duration.ofSeconds(60),
        20_000_000L, true, java.util.OptionalLong.empty(), T0);
    store.usage().recordJob(paid);
    store.usage().recordJob(estimated);
    assertThat(store.usage().job("gen-1")).contains(paid);
    assertThat(store.usage().job("gen-2")).contains(estimated);
    assertThat(store.usage().job("gen-3")).isEmpty();
  }

  private static Kept undecodable(long id, Instant at) {
    return new Kept("telegram", id, "message.gift", "convertStarCount is marked non-null but is null",
        "{\"update_id\":" + id + "}", at);
  }

  @Test
  void undecodableUpdatesSurviveReopeningAndTheSameIdReplacesTheCopy() {
    store.undecodable().keep(undecodable(7, T0));
    store.undecodable().keep(undecodable(8, T0.plusSeconds(1)));
    store.undecodable().keep(undecodable(7, T0.plusSeconds(2)));
    reopen();
    assertThat(store.undecodable().recent("telegram", 10)).extracting(Kept::updateId).containsExactly(7L, 8L);
    assertThat(store.undecodable().recent("telegram", 10).get(0)).isEqualTo(undecodable(7, T0.plusSeconds(2)));
    assertThat(store.undecodable().recent("discord", 10)).isEmpty();
  }

  @Test
  void onlyTheNewestUndecodableUpdatesAreKept() {
    UndecodableUpdates few = new JdbcUndecodableUpdates(((JdbcStore) store).database(), 3);
    for (int i = 0; i < 5; i++) few.keep(undecodable(i, T0.plusSeconds(i)));
    few.keep(new Kept("discord", 1, "x", "y", "{}", T0));
    assertThat(few.recent("telegram", 10)).extracting(Kept::updateId).containsExactly(4L, 3L, 2L);
    assertThat(few.recent("discord", 10)).hasSize(1);
  }

  @Test
  void aNewDatabaseGetsEveryMigrationWithoutABaselineAndASecondStartAppliesNothing() throws Exception {
    List<String> first = versions();
    assertThat(first).startsWith("1", "2", "3").doesNotContain("0");
    assertThat(first).as("every migration on the classpath, in order").endsWith(newestMigration());
    reopen();
    assertThat(versions()).isEqualTo(first);
  }

  @Test
  void aDatabaseWrittenByANewerVersionStopsTheStartWithOneLine() throws Exception {
    store.close();
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + Migrations.HISTORY_TABLE + " (installed_rank, version, description, type, script, "
          + "checksum, installed_by, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', "
          + "'V999__from_the_future.sql', 0, 'test', 1, " + trueLiteral() + ")");
    }
    store = null;
    assertThatThrownBy(this::open)
        .isInstanceOf(StoreVersionException.class)
        .hasMessageContaining("newer VoxScribe")
        .hasMessageContaining("999")
        .hasMessageContaining(setting())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** The variable that points at this kind of database, as messages name it. */
  abstract String setting();

  /** How the history table's boolean column takes "true". */
  abstract String trueLiteral();

  List<String> versions() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = rawConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM " + Migrations.HISTORY_TABLE + " ORDER BY installed_rank")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  /** The highest V&lt;n&gt; under db/voxscribe, read from the classpath. */
  static String newestMigration() throws Exception {
    var dir = java.nio.file.Path.of(StoreContract.class.getResource("/db/voxscribe").toURI());
    try (var files = java.nio.file.Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .max(Integer::compare).map(String::valueOf).orElseThrow();
    }
  }
}
