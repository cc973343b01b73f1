package dev.voxscribe.core.store;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link UsageStore} in maps: gone when the process ends. */
final class MemoryUsageStore implements UsageStore {
  private final Map<Key, Long> counters = new ConcurrentHashMap<>();
  private final Map<String, JobCost> jobs = new ConcurrentHashMap<>();

  @Override
  public boolean add(Key key, long delta) {
    counters.merge(key, delta, Long::sum);
    return true;
  }

  @Override
  public long get(Key key) {
    return counters.getOrDefault(key, 0L);
  }

  @Override
  public Map<String, Long> totals(Kind kind, String scope, long fromDay, long toDay) {
    Map<String, Long> out = new HashMap<>();
    counters.forEach((k, v) -> {
      if (k.kind() == kind && k.scope().equals(scope) && k.day() >= fromDay && k.day() <= toDay) {
        out.merge(k.name(), v, Long::sum);
      }
    });
    return out;
  }

  @Override
  public List<Total> top(Kind kind, String name, long fromDay, long toDay, int limit) {
    Map<String, Long> sums = new HashMap<>();
    counters.forEach((k, v) -> {
      if (k.kind() == kind && k.name().equals(name) && k.day() >= fromDay && k.day() <= toDay) {
        sums.merge(k.scope(), v, Long::sum);
      }
    });
    return sums.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(limit).map(e -> new Total(e.getKey(), e.getValue())).toList();
  }

  @Override
  public void recordJob(JobCost cost) {
    jobs.put(cost.generationId(), cost);
  }

  @Override
  public Optional<JobCost> job(String generationId) {
    return Optional.ofNullable(jobs.get(generationId));
  }
}
