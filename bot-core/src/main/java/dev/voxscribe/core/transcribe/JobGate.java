package dev.voxscribe.core.transcribe;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Requester;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * At most N jobs at once and a bounded queue behind them, served fairly: every person has their
 * own line in each chat ({@code VOXSCRIBE_USER_JOBS_AT_ONCE} running, {@code VOXSCRIBE_USER_QUEUE}
 * waiting), and a free slot goes to the chats in turn, and within a chat to its people in turn
 * (round-robin), so one chat's flood delays another chat's job by about one job. When the whole
 * queue is full, the longest line gives way: its newest job is refused as busy, not the newcomer.
 * Nothing blocks: a queued job starts when a running one completes.
 */
final class JobGate {
  private final int maxRunning;
  private final int maxQueued;
  private final int personRunning;
  private final int personQueue;
  private final Metrics metrics;
  private final Consumer<Refusal> onRefusal;

  /** Chats with waiting jobs, in the order they are served. */
  private final ArrayDeque<Chat> turn = new ArrayDeque<>();
  private final Map<String, Chat> chats = new HashMap<>();
  private final Map<String, Integer> runningByPerson = new HashMap<>();
  private final Map<String, Integer> waitingByPerson = new HashMap<>();
  private int running;
  private int queued;

  /**
   * @param personRunning jobs of one person at once; 0: no limit of its own
   * @param personQueue jobs of one person waiting; 0: no limit of its own
   * @param onRefusal told of every refusal by a person's queue limit (counters)
   */
  JobGate(int maxRunning, int maxQueued, int personRunning, int personQueue, Metrics metrics, Consumer<Refusal> onRefusal) {
    this.maxRunning = maxRunning;
    this.maxQueued = maxQueued;
    this.personRunning = personRunning;
    this.personQueue = personQueue;
    this.metrics = metrics;
    this.onRefusal = onRefusal;
  }

  JobGate(int maxRunning, int maxQueued, Metrics metrics) {
    this(maxRunning, maxQueued, 0, 0, metrics, r -> {});
  }

  /** One waiting job. */
  private record Waiting(String person, Runnable start, Consumer<Throwable> refuse) {}

  /** One person's waiting jobs in one chat. */
  private static final class Lane {
    final String person;
    final ArrayDeque<Waiting> jobs = new ArrayDeque<>();

    Lane(String person) {
      this.person = person;
    }
  }

  /** A chat's lanes with waiting jobs, in the order they are served. */
  private static final class Chat {
    final String key;
    final ArrayDeque<Lane> turn = new ArrayDeque<>();
    final Map<String, Lane> lanes = new HashMap<>();

    Chat(String key) {
      this.key = key;
    }
  }

  <T> CompletableFuture<T> submit(Requester who, Supplier<CompletableFuture<T>> job) {
    CompletableFuture<T> result = new CompletableFuture<>();
    String person = who.personKey();
    Runnable waited = metrics.queueWaitTimer();
    Runnable start = () -> {
      waited.run();
      start(person, job, result);
    };
    @Nullable Waiting evicted = null;
    synchronized (this) {
      if (running < maxRunning && mayRun(person) && waitingByPerson.getOrDefault(person, 0) == 0) {
        running++;
        runningByPerson.merge(person, 1, Integer::sum);
      } else if (personQueue > 0 && waitingByPerson.getOrDefault(person, 0) >= personQueue) {
        Refusal refusal = Refusal.queue(personQueue);
        onRefusal.accept(refusal);
        return CompletableFuture.failedFuture(new TranscriptionException(refusal));
      } else {
        Lane lane = lane(who.lineKey(), person);
        if (queued >= maxQueued) {
          Lane longest = longestLane();
          if (longest == null || longest.jobs.size() <= lane.jobs.size()) {
            dropIfEmpty(who.lineKey(), lane);
            return CompletableFuture.failedFuture(busy());
          }
          evicted = removeNewest(longest);
        }
        enqueue(who.lineKey(), lane, new Waiting(person, start, result::completeExceptionally));
        start = null;
      }
    }
    if (evicted != null) evicted.refuse().accept(busy());
    if (start != null) start.run();
    return result;
  }

  private TranscriptionException busy() {
    return new TranscriptionException(FailureKind.BUSY,
        "all " + maxRunning + " job slots and " + maxQueued + " queue places are taken");
  }

  private boolean mayRun(String person) {
    return personRunning == 0 || runningByPerson.getOrDefault(person, 0) < personRunning;
  }

  private Lane lane(String chatKey, String person) {
    Chat chat = chats.computeIfAbsent(chatKey, Chat::new);
    return chat.lanes.computeIfAbsent(person, Lane::new);
  }

  private void enqueue(String chatKey, Lane lane, Waiting w) {
    Chat chat = chats.get(chatKey);
    if (chat.turn.isEmpty()) turn.addLast(chat);
    if (lane.jobs.isEmpty()) chat.turn.addLast(lane);
    lane.jobs.addLast(w);
    waitingByPerson.merge(w.person(), 1, Integer::sum);
    queued++;
    metrics.queued().incrementAndGet();
  }

  private @Nullable Lane longestLane() {
    Lane longest = null;
    for (Chat chat : turn) {
      for (Lane lane : chat.turn) {
        if (longest == null || lane.jobs.size() > longest.jobs.size()) longest = lane;
      }
    }
    return longest;
  }

  private Waiting removeNewest(Lane lane) {
    Waiting w = lane.jobs.pollLast();
    dequeued(w);
    for (Chat chat : chats.values()) {
      if (chat.lanes.get(lane.person) == lane) {
        if (lane.jobs.isEmpty()) chat.turn.remove(lane);
        if (chat.turn.isEmpty()) turn.remove(chat);
        dropIfEmpty(chat.key, lane);
        break;
      }
    }
    return w;
  }

  private void dequeued(Waiting w) {
    queued--;
    metrics.queued().decrementAndGet();
    waitingByPerson.computeIfPresent(w.person(), (k, n) -> n <= 1 ? null : n - 1);
  }

  private void dropIfEmpty(String chatKey, Lane lane) {
    Chat chat = chats.get(chatKey);
    if (chat == null) return;
    if (lane.jobs.isEmpty()) chat.lanes.remove(lane.person, lane);
    if (chat.lanes.isEmpty()) chats.remove(chatKey);
  }

  /** The next job to start: the next chat's next person that may run one more. */
  private @Nullable Waiting next() {
    for (int c = turn.size(); c > 0; c--) {
      Chat chat = turn.pollFirst();
      Waiting found = null;
      for (int l = chat.turn.size(); l > 0 && found == null; l--) {
        Lane lane = chat.turn.pollFirst();
        if (mayRun(lane.person)) {
          found = lane.jobs.pollFirst();
          if (lane.jobs.isEmpty()) dropIfEmpty(chat.key, lane);
          else chat.turn.addLast(lane);
        } else {
          chat.turn.addLast(lane);
        }
      }
      if (!chat.turn.isEmpty()) turn.addLast(chat);
      if (found != null) {
        dequeued(found);
        return found;
      }
    }
    return null;
  }

  private <T> void start(String person, Supplier<CompletableFuture<T>> job, CompletableFuture<T> result) {
    metrics.running().incrementAndGet();
    CompletableFuture<T> started;
    try {
      started = job.get();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete((value, error) -> {
      metrics.running().decrementAndGet();
      release(person);
      if (error != null) result.completeExceptionally(error);
      else result.complete(value);
    });
  }

  private void release(String person) {
    List<Waiting> starting = new ArrayList<>(1);
    synchronized (this) {
      running--;
      runningByPerson.computeIfPresent(person, (k, n) -> n <= 1 ? null : n - 1);
      while (running < maxRunning) {
        Waiting w = next();
        if (w == null) break;
        running++;
        runningByPerson.merge(w.person(), 1, Integer::sum);
        starting.add(w);
      }
    }
    for (Waiting w : starting) w.start().run();
  }
}
