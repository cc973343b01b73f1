package dev.voxscribe.telegram;

import dev.voxscribe.core.store.UsageStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The usage port of whichever store the harness has open now (it reopens on restart). */
final class StoreUsage implements UsageStore {
  private final Supplier<UsageStore> current;

  StoreUsage(Supplier<UsageStore> current) {
    this.current = current;
  }

  @Override public boolean add(Key key, long delta) { return current.get().add(key, delta); }
  @Override public boolean addAll(Map<Key, Long> deltas) { return current.get().addAll(deltas); }
  @Override public long get(Key key) { return current.get().get(key); }
  @Override public Map<String, Long> totals(Kind kind, String scope, long fromDay, long toDay) {
    return current.get().totals(kind, scope, fromDay, toDay);
  }
  @Override public List<Total> top(Kind kind, String name, long fromDay, long toDay, int limit) {
    return current.get().top(kind, name, fromDay, toDay, limit);
  }
  @Override public void recordJob(JobCost cost) { current.get().recordJob(cost); }
  @Override public Optional<JobCost> job(String generationId) { return current.get().job(generationId); }
}
