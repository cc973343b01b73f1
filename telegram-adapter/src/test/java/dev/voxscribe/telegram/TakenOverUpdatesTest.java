package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.core.store.Inbox;
import dev.voxscribe.core.store.Instance;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.JobStore;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.testing.Await;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances on one database: an update one of them recorded and then died with (killed
 * between recording it and making it a job) is handled by a running instance once the dead one's
 * lease lapsed, without waiting for a restart, and only once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TakenOverUpdatesTest {
  static final TgUser ALICE = TgUser.person(7101, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);

  @TempDir Path dir;
  Harness h;
  /** The running instance's clock for leases: the test moves it past the dead instance's lease. */
  final AheadClock clock = new AheadClock();
  /** The running instance's take-over sweeps begun so far (each asks for lapsed jobs, then updates). */
  final AtomicInteger sweeps = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    // Short lease: the sweep runs every 200 ms.
    h = Harness.startKeepingAs(dir, new Instance("b", Duration.ofMillis(600), clock), this::countingSweeps);
  }

  @AfterEach
  void stop() {
    h.close();
    h.assertTokenNeverLeaked();
  }

  @Test
  void anUpdateRecordedByAnInstanceThatDiedBeforeMakingItAJobIsAnsweredOnceByARunningOne() throws Exception {
    h.aiml.script(JobScript.completes("Recorded by a, answered by b.").afterPolls(1));
    ObjectNode update = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/left.oga", Harness.audio("left")), 3)
        .toUpdate();
    int voice = update.get("message").get("message_id").asInt();
    long updateId = update.get("update_id").asLong();
    // Instance a got the update from Telegram (it long-polled), recorded it, and was killed.
    try (SqliteStore a = SqliteStore.open(dir, new Instance("a", Duration.ofSeconds(30), Clock.systemUTC()))) {
      assertThat(a.inbox().record(TelegramJobs.PLATFORM, updateId, update.toString(), Instant.now()))
          .isEqualTo(Inbox.Recorded.NEW);
    }
    awaitFullSweep();
    assertThat(owner(updateId)).as("a's lease is live: left to a").isEqualTo("a");

    clock.ahead = Duration.ofMinutes(1);
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Recorded by a, answered by b.");
    Await.until("the update handled", () -> doneAt(updateId).isPresent());
    assertThat(owner(updateId)).isEqualTo("b");
    awaitFullSweep();
    assertThat(h.repliesTo(CHAT.id(), voice)).as("answered once").hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(1);
    assertThat(h.log.all()).contains("Handling 1 updates left by an instance that stopped");
  }

  @Test
  void anUpdateThatBecameAJobBeforeItsInstanceDiedIsAnsweredOnceByTheJobsTakeOver() throws Exception {
    h.aiml.script(JobScript.completes("Only the job answers.").afterPolls(1));
    ObjectNode update = h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/job.oga", Harness.audio("job")), 3)
        .toUpdate();
    int voice = update.get("message").get("message_id").asInt();
    long updateId = update.get("update_id").asLong();
    Message message = new UpdateDecoder(new ObjectMapper()).decode(update).orElseThrow().update().orElseThrow().getMessage();
    String id = TelegramJobs.id(ReplyTarget.to(message));
    // Instance a recorded the update and saved its job, then was killed before marking the update done.
    try (SqliteStore a = SqliteStore.open(dir, new Instance("a", Duration.ofSeconds(30), Clock.systemUTC()))) {
      a.inbox().record(TelegramJobs.PLATFORM, updateId, update.toString(), Instant.now());
      Media media = new VoiceKind().find(message).orElseThrow();
      assertThat(a.jobs().save(JobRecord.start(id, TelegramJobs.PLATFORM, TelegramJobs.request(media),
          TelegramJobs.waiter(ReplyTarget.to(message), Optional.empty(), Asker.of(message, true)), Instant.now())))
          .isEqualTo(JobStore.Saved.SAVED);
    }

    clock.ahead = Duration.ofMinutes(1);
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Only the job answers.");
    Await.until("the update handled", () -> doneAt(updateId).isPresent());
    Await.until("the job delivered", () -> h.fullStore().jobs().find(id)
        .filter(j -> j.stage() == JobStage.DELIVERED).isPresent());
    awaitFullSweep();
    assertThat(h.repliesTo(CHAT.id(), voice)).as("answered once").hasSize(1);
    assertThat(h.aiml.createCount()).isEqualTo(1);
    assertThat(h.log.all()).contains("Update " + updateId + " already became a job; not handled again");
  }

  /** Waits until one whole sweep ran after this call: sweeps run one after another on one thread. */
  private void awaitFullSweep() {
    int begun = sweeps.get();
    Await.until("a whole take-over sweep", () -> sweeps.get() >= begun + 2);
  }

  private Optional<String> column(String name, long updateId) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
        PreparedStatement ps = c.prepareStatement("SELECT " + name + " FROM inbox WHERE platform = 'telegram' AND update_id = ?")) {
      ps.setLong(1, updateId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("update %s recorded", updateId).isTrue();
        return Optional.ofNullable(rs.getString(1));
      }
    }
  }

  private String owner(long updateId) throws Exception {
    return column("owner", updateId).orElse("");
  }

  private Optional<String> doneAt(long updateId) {
    try {
      return column("done_at", updateId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The real store, seen through the platform; its calls for lapsed jobs are counted (one per sweep). */
  private Store countingSweeps(SqliteStore real) {
    JobStore jobs = delegate(JobStore.class, real.jobs(), "takeOver");
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
        (proxy, method, args) -> method.getName().equals("jobs") ? jobs : invoke(method, real, args));
  }

  private <T> T delegate(Class<T> type, T real, String counted) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getName().equals(counted)) sweeps.incrementAndGet();
      return invoke(method, real, args);
    }));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The system clock, or ahead of it by what the test says. */
  static final class AheadClock extends Clock {
    volatile Duration ahead = Duration.ZERO;

    @Override public Instant instant() { return Clock.systemUTC().instant().plus(ahead); }
    @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
  }
}
