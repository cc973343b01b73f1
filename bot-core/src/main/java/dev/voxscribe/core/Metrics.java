package dev.voxscribe.core;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters an operator cares about: what was spent (creates), what was saved (cache hits), what
 * went wrong (failures by kind). Cheap to update from any thread.
 */
public final class Metrics {
  private final LongAdder requests = new LongAdder();
  private final LongAdder creates = new LongAdder();
  private final LongAdder polls = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder undecodableUpdates = new LongAdder();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);

  public Metrics() {
    for (FailureKind k : FailureKind.values()) failures.put(k, new LongAdder());
  }

  public void request() { requests.increment(); }
  public void create() { creates.increment(); }
  public void poll() { polls.increment(); }
  public void retry() { retries.increment(); }
  public void completed() { completed.increment(); }
  public void cacheHit() { cacheHits.increment(); }
  /** A platform update its library could not decode (kept raw, skipped). */
  public void undecodableUpdate() { undecodableUpdates.increment(); }
  public void failure(FailureKind kind) { failures.get(kind).increment(); }
  public AtomicInteger running() { return running; }
  public AtomicInteger queued() { return queued; }

  public long creates() { return creates.sum(); }
  public long polls() { return polls.sum(); }
  public long cacheHits() { return cacheHits.sum(); }
  public long undecodableUpdates() { return undecodableUpdates.sum(); }
  public long failures(FailureKind kind) { return failures.get(kind).sum(); }

  /** Every counter by a stable name, for a metrics endpoint or a log line. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("voxscribe_requests_total", requests.sum());
    m.put("voxscribe_creates_total", creates.sum());
    m.put("voxscribe_polls_total", polls.sum());
    m.put("voxscribe_retries_total", retries.sum());
    m.put("voxscribe_completed_total", completed.sum());
    m.put("voxscribe_cache_hits_total", cacheHits.sum());
    m.put("voxscribe_undecodable_updates_total", undecodableUpdates.sum());
    m.put("voxscribe_jobs_running", (long) running.get());
    m.put("voxscribe_jobs_queued", (long) queued.get());
    failures.forEach((k, v) -> m.put("voxscribe_failures_total{kind=\"" + k.name().toLowerCase() + "\"}", v.sum()));
    return m;
  }
}
