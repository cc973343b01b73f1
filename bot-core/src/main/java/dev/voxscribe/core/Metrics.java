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
  private final LongAdder audioMillis = new LongAdder();
  private final LongAdder usdNanos = new LongAdder();
  private final Map<String, LongAdder> refusals = new java.util.concurrent.ConcurrentHashMap<>();

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
  /** Audio of a paid job, by the length the service reported (else the announced one). */
  public void audioTranscribed(java.time.Duration length) { audioMillis.add(length.toMillis()); }
  /** What a job or a chat-model call cost, from the service's header or estimated. */
  public void spent(java.math.BigDecimal usd) {
    usdNanos.add(usd.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
  }
  /** A request refused by a limit before anything was spent; {@code limit} is its label ({@code user_minutes}). */
  public void refused(String limit) { refusals.computeIfAbsent(limit, k -> new LongAdder()).increment(); }
  public AtomicInteger running() { return running; }
  public AtomicInteger queued() { return queued; }

  public long creates() { return creates.sum(); }
  public long polls() { return polls.sum(); }
  public long cacheHits() { return cacheHits.sum(); }
  public long undecodableUpdates() { return undecodableUpdates.sum(); }
  public long failures(FailureKind kind) { return failures.get(kind).sum(); }
  public double audioSeconds() { return audioMillis.sum() / 1000.0; }
  public double usdSpent() { return usdNanos.sum() / 1e9; }
  public long refusals(String limit) {
    LongAdder a = refusals.get(limit);
    return a == null ? 0 : a.sum();
  }

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
    m.put("voxscribe_audio_seconds_total", audioMillis.sum() / 1000);
    m.put("voxscribe_spent_usd_micros_total", usdNanos.sum() / 1000);
    new java.util.TreeMap<>(refusals).forEach((k, v) -> m.put("voxscribe_refusals_total{limit=\"" + k + "\"}", v.sum()));
    failures.forEach((k, v) -> m.put("voxscribe_failures_total{kind=\"" + k.name().toLowerCase() + "\"}", v.sum()));
    return m;
  }
}
