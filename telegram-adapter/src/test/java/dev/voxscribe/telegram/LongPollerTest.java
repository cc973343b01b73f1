package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import dev.voxscribe.testing.time.ManualClock;
import dev.voxscribe.testing.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The long-poll loop against the Bot API stand-in, over real HTTP. Outages run on a virtual
 * scheduler: each backoff pause moves a manual clock instead of sleeping, so an outage of minutes
 * takes milliseconds and the pauses are exactly what the loop chose.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LongPollerTest {
  static final TgUser ALICE = TgUser.person(3001, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  final CapturedLog log = new CapturedLog();
  final FakeTelegramApi tg = new FakeTelegramApi();
  final ManualClock clock = new ManualClock(T0);
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
  final List<ReceivedUpdate> received = new CopyOnWriteArrayList<>();
  final List<Instant> receivedAt = new CopyOnWriteArrayList<>();
  ScheduledExecutorService timer;
  LongPoller poller;

  @AfterEach
  void stop() {
    if (poller != null) poller.close();
    if (timer != null) timer.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    tg.close();
    log.close();
    assertThat(log.all()).doesNotContain(tg.token().substring(tg.token().indexOf(':') + 1));
  }

  private LongPoller start(ScheduledExecutorService timer, UpdateHandler handler, LongPoller.Timing timing) {
    this.timer = timer;
    poller = new LongPoller(http, HttpUrl.get(tg.baseUrl()), tg.token(), List.of("message"), timing,
        new UpdateDecoder(new ObjectMapper()), handler, new ObjectMapper(), timer, clock, () -> 0.5);
    poller.start();
    return poller;
  }

  private UpdateHandler recording() {
    return u -> {
      received.add(u);
      receivedAt.add(clock.instant());
    };
  }

  private static LongPoller.Timing timing(Duration remindEvery) {
    return new LongPoller.Timing(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), remindEvery);
  }

  private List<String> lines(String loggerSuffix) {
    return log.lines().stream().filter(l -> l.contains("telegram." + loggerSuffix + " - ")).toList();
  }

  @ParameterizedTest(name = "an outage of {0} minutes")
  @ValueSource(ints = {3, 20})
  void afterAnOutageOfAnyLengthTheBotHearsAgainWithin30Seconds(int minutes) {
    Instant back = T0.plus(Duration.ofMinutes(minutes));
    // Half the outage answers 502 (Telegram's front end), the other half drops the connection.
    Instant halfway = T0.plus(Duration.ofMinutes(minutes).dividedBy(2));
    tg.failWhile("getUpdates", () -> clock.instant().isBefore(halfway), 502, "Bad Gateway");
    tg.dropWhile("getUpdates", () -> clock.instant().isBefore(back));
    tg.message(CHAT, ALICE).text("hello after the outage").send();

    start(new VirtualScheduler(clock), recording(), timing(Duration.ofMinutes(1)));

    Await.until("the update after the outage", () -> !received.isEmpty());
    Duration deaf = Duration.between(back, receivedAt.get(0));
    assertThat(deaf).as("time from Telegram's recovery to the bot hearing it").isBetween(Duration.ZERO, Duration.ofSeconds(30));
    List<String> lines = lines("LongPoller");
    assertThat(lines.stream().filter(l -> l.contains("Lost the connection to Telegram"))).hasSize(1);
    assertThat(lines.stream().filter(l -> l.contains("still unreachable")))
        .as("about one reminder a minute").hasSizeBetween(minutes / 2, minutes);
    assertThat(lines.stream().filter(l -> l.contains("Telegram answers again"))).hasSize(1);
    assertThat(log.all()).as("no stack trace per try").doesNotContain("\n    at ");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("502 Bad Gateway"))
        .anySatisfy(l -> assertThat(l).contains("IOException"));
  }

  @Test
  void aConflictIsOneLineThatSaysWhatItMeans() {
    for (int i = 0; i < 4; i++) {
      tg.failNext("getUpdates", 409,
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
    }
    tg.message(CHAT, ALICE).text("after the conflict").send();

    start(new VirtualScheduler(clock), recording(), timing(Duration.ofMinutes(5)));

    Await.until("the update after the conflict", () -> !received.isEmpty());
    List<String> conflict = lines("LongPoller").stream().filter(l -> l.contains("409")).toList();
    assertThat(conflict).singleElement().satisfies(l -> assertThat(l)
        .startsWith("ERROR").contains("another instance of the bot is polling with this bot token"));
    assertThat(log.all()).doesNotContain("\n    at ");
  }

  @Test
  void aWebhookSetElsewhereIsNamedAsTheCauseOfA409() {
    tg.failNext("getUpdates", 409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    tg.message(CHAT, ALICE).text("after the webhook").send();

    start(new VirtualScheduler(clock), recording(), timing(Duration.ofMinutes(5)));

    Await.until("the update", () -> !received.isEmpty());
    assertThat(lines("LongPoller").stream().filter(l -> l.contains("409")))
        .singleElement().satisfies(l -> assertThat(l).contains("a webhook is set for this bot token"));
  }

  @Test
  void theOffsetIsConfirmedOnlyAfterTheHandlerReturned() {
    ObjectNode first = tg.message(CHAT, ALICE).text("one").toUpdate();
    ObjectNode second = tg.message(CHAT, ALICE).text("two").toUpdate();
    tg.pushAll(List.of(first, second));
    AtomicReference<String> seenDuringHandling = new AtomicReference<>("");
    start(new ScheduledThreadPoolExecutor(1), u -> {
      // While the handler holds an update, no getUpdates has confirmed it.
      long maxOffset = tg.calls("getUpdates").stream().mapToLong(c -> c.params().path("offset").asLong(0)).max().orElse(0);
      if (maxOffset > u.updateId()) seenDuringHandling.set("update " + u.updateId() + " confirmed at offset " + maxOffset);
      received.add(u);
    }, LongPoller.Timing.defaults(Duration.ofSeconds(1)));

    Await.until("both updates", () -> received.size() == 2);
    assertThat(seenDuringHandling.get()).isEmpty();
    Await.until("the offset past the batch", () -> tg.calls("getUpdates").stream()
        .anyMatch(c -> c.params().path("offset").asLong() == second.path("update_id").asLong() + 1));
    assertThat(tg.pendingUpdates()).isZero();
  }

  @Test
  void anUpdateTheHandlerRefusesComesAgainAndTheOnesBeforeItDoNot() {
    List<ObjectNode> batch = List.of(tg.message(CHAT, ALICE).text("a").toUpdate(), tg.message(CHAT, ALICE).text("b").toUpdate(),
        tg.message(CHAT, ALICE).text("c").toUpdate());
    long refusedId = batch.get(1).path("update_id").asLong();
    tg.pushAll(batch);
    AtomicBoolean refusedOnce = new AtomicBoolean();
    start(new VirtualScheduler(clock), u -> {
      if (u.updateId() == refusedId && refusedOnce.compareAndSet(false, true)) {
        throw new IllegalStateException("store is busy");
      }
      received.add(u);
    }, timing(Duration.ofMinutes(5)));

    Await.until("all three", () -> received.size() == 3);
    assertThat(received).extracting(ReceivedUpdate::updateId)
        .containsExactly(batch.get(0).path("update_id").asLong(), refusedId, batch.get(2).path("update_id").asLong());
    assertThat(lines("LongPoller").stream().filter(l -> l.contains("could not be taken"))).singleElement()
        .satisfies(l -> assertThat(l).contains("store is busy"));
  }

  @Test
  void garbageFromTelegramIsNamedAndRetried() {
    AtomicBoolean garbage = new AtomicBoolean(true);
    tg.failWhile("getUpdates", () -> garbage.getAndSet(false), 502, "<html>Bad Gateway</html>");
    tg.message(CHAT, ALICE).text("fine").send();
    start(new VirtualScheduler(clock), recording(), timing(Duration.ofMinutes(5)));
    Await.until("the update", () -> !received.isEmpty());
    assertThat(lines("LongPoller")).anySatisfy(l -> assertThat(l).contains("Lost the connection").contains("502"));
  }

  @Test
  void pausesGrowToTheCapAndNeverPassIt() {
    LongPoller p = new LongPoller(http, HttpUrl.get(tg.baseUrl()), tg.token(), List.of("message"), timing(Duration.ofMinutes(5)),
        new UpdateDecoder(new ObjectMapper()), u -> {}, new ObjectMapper(), new ScheduledThreadPoolExecutor(1), clock, () -> 0.999);
    assertThat(p.pause(1, Optional.empty())).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(p.pause(3, Optional.empty())).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    for (int n = 6; n < 10_000; n *= 3) assertThat(p.pause(n, Optional.empty())).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    assertThat(p.pause(2, Optional.of(Duration.ofSeconds(7)))).as("Telegram's retry_after").isEqualTo(Duration.ofSeconds(7));
  }
}
