package dev.voxscribe.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Usage counters per UTC day and scope, and what each paid job cost. Every change is one
 * single-statement increment, so concurrent writers never lose or double one.
 */
public interface UsageStore {
  /** What a scope is: the whole bot, one person, one group or server. */
  enum Kind { BOT, PERSON, CHAT }

  /** The scope of the whole bot. */
  String BOT_SCOPE = "bot";

  /** One counter: day is the epoch day in UTC. */
  record Key(long day, Kind kind, String scope, String name) {}

  /** A scope's total of one counter over some days. */
  record Total(String scope, long value) {}

  /**
   * What one paid job cost.
   *
   * @param usdNanos USD in billionths (the header has nine decimals)
   * @param usdEstimated true when no header said it, and it was estimated from the audio's length
   */
  record JobCost(String generationId, String platform, String person, String chat, Duration audio, long usdNanos,
      boolean usdEstimated, OptionalLong credits, Instant recordedAt) {}

  /** Adds {@code delta} (negative to give back) in one statement; false when the write failed (logged). */
  boolean add(Key key, long delta);

  /**
   * Adds every delta, each as its own single-statement increment, in one transaction: all or none.
   * False when the write failed (logged).
   */
  default boolean addAll(Map<Key, Long> deltas) {
    boolean ok = true;
    for (Map.Entry<Key, Long> e : deltas.entrySet()) ok &= add(e.getKey(), e.getValue());
    return ok;
  }

  /** The counter's value, 0 when never written. */
  long get(Key key);

  /** Every counter of a scope, summed over the days {@code fromDay..toDay}. */
  Map<String, Long> totals(Kind kind, String scope, long fromDay, long toDay);

  /** The scopes of a kind with the highest sums of {@code name} over the days, highest first. */
  List<Total> top(Kind kind, String name, long fromDay, long toDay, int limit);

  void recordJob(JobCost cost);

  Optional<JobCost> job(String generationId);

  /** Counters kept in memory only, for callers without a store (the command line, tests). */
  /**
   * Whether other instances write the same counters (PostgreSQL shared by several): then a caller
   * must not keep counters in memory between steps, and runs each check-and-reserve in {@link #exclusive}.
   */
  default boolean shared() {
    return false;
  }

  /**
   * Runs {@code step} (reads and {@link #addAll} of this store) so that no other instance runs one
   * at the same time: on PostgreSQL one transaction under a cluster-wide advisory lock, committed at
   * the end (also when {@code step} throws, so its counted refusals stay). Alone, it just runs it.
   */
  default <T> T exclusive(java.util.function.Supplier<T> step) {
    return step.get();
  }

  static UsageStore inMemory() {
    return new MemoryUsageStore();
  }
}
