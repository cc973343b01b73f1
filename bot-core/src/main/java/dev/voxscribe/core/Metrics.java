package dev.voxscribe.core;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counters and timings an operator cares about: what was spent (creates), what was saved (cache
 * hits), what went wrong (failures by platform and kind), how long users waited. Cheap to update
 * from any thread.
 *
 * <p>Backed by Micrometer: every meter lives in a composite registry with a local registry (for
 * {@link #snapshot()} and the counts tests read); {@link #publishTo} adds e.g. the app's Prometheus
 * registry, which then gets every meter, those registered before included.
 */
public final class Metrics {
  /** The platform tag of requests that name none (the command line, tests). */
  public static final String NO_PLATFORM = "none";
  /** Discards everything: for services that keep no metrics (test stand-ins). */
  public static final Metrics DISCARDING = new Metrics(Clock.SYSTEM, false);

  private static final Duration[] TRANSCRIPT_BUCKETS = seconds(0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 600);
  private static final Duration[] DELIVERY_BUCKETS = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
  private static final Duration[] QUEUE_BUCKETS = seconds(0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300);
  private static final double[] POLL_BUCKETS = {1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50};

  private final CompositeMeterRegistry registry;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final Counter creates;
  private final Counter polls;
  private final Counter retries;
  private final Counter completed;
  private final Counter undecodableUpdates;
  private final Counter audioSeconds;
  private final Counter spentUsd;
  /** The exact spend, in nano-dollars: a double counter would drift over millions of small charges. */
  private final java.util.concurrent.atomic.LongAdder usdNanos = new java.util.concurrent.atomic.LongAdder();
  private final Timer queueWait;
  private final DistributionSummary pollsPerJob;

  public Metrics() {
    this(Clock.SYSTEM);
  }

  /** With the clock Micrometer's timers read (tests move a {@code MockClock}). */
  public Metrics(Clock clock) {
    this(clock, true);
  }

  private Metrics(Clock clock, boolean keep) {
    this.registry = new CompositeMeterRegistry(clock);
    if (keep) registry.add(new SimpleMeterRegistry(io.micrometer.core.instrument.simple.SimpleConfig.DEFAULT, clock));
    creates = Counter.builder("voxscribe.creates").description("Jobs created at the speech service (each costs credits)").register(registry);
    polls = Counter.builder("voxscribe.polls").description("Status polls sent to the speech service").register(registry);
    retries = Counter.builder("voxscribe.retries").description("Requests to the speech service retried after a failure").register(registry);
    completed = Counter.builder("voxscribe.completed").description("Jobs the speech service completed").register(registry);
    undecodableUpdates = Counter.builder("voxscribe.undecodable.updates")
        .description("Platform updates that could not be decoded and were skipped").register(registry);
    audioSeconds = Counter.builder("voxscribe.audio").baseUnit("seconds")
        .description("Audio of paid jobs, by the length the service reported").register(registry);
    spentUsd = Counter.builder("voxscribe.spent").baseUnit("usd")
        .description("What jobs and chat-model calls cost, from the service's header or estimated").register(registry);
    Gauge.builder("voxscribe.jobs.running", running, AtomicInteger::get).description("Jobs holding a slot now").register(registry);
    Gauge.builder("voxscribe.jobs.queued", queued, AtomicInteger::get).description("Jobs waiting for a slot now").register(registry);
    queueWait = Timer.builder("voxscribe.queue.wait").description("Time a job waited for a slot (0 when one was free)")
        .serviceLevelObjectives(QUEUE_BUCKETS).register(registry);
    pollsPerJob = DistributionSummary.builder("voxscribe.polls.per.job").description("Polls a completed job needed")
        .serviceLevelObjectives(POLL_BUCKETS).register(registry);
  }

  /** From now on every meter is also kept in {@code target} (e.g. the Prometheus registry). */
  public void publishTo(MeterRegistry target) {
    registry.add(target);
  }

  public void request() { request(NO_PLATFORM); }
  public void request(String platform) { counter("voxscribe.requests", "Transcription requests received", platform).increment(); }
  public void create() { creates.increment(); }
  public void poll() { polls.increment(); }
  public void retry() { retries.increment(); }
  public void completed() { completed.increment(); }
  public void undecodableUpdate() { undecodableUpdates.increment(); }
  /** Audio of a paid job, by the length the service reported (else the announced one). */
  public void audioTranscribed(Duration length) { audioSeconds.increment(length.toMillis() / 1000.0); }
  /** What a job or a chat-model call cost, from the service's header or estimated. */
  public void spent(java.math.BigDecimal usd) {
    usdNanos.add(usd.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    spentUsd.increment(usd.doubleValue());
  }
  /** A request refused by a limit before anything was spent; {@code limit} is its label ({@code user_minutes}). */
  public void refused(String limit) {
    Counter.builder("voxscribe.refusals").description("Requests refused by a limit before anything was spent")
        .tag("limit", limit).register(registry).increment();
  }
  public long refusals(String limit) {
    double total = 0;
    for (Meter meter : registry.find("voxscribe.refusals").tag("limit", limit).meters()) {
      if (meter instanceof Counter c) total += c.count();
    }
    return (long) total;
  }
  public double audioSeconds() { return audioSeconds.count(); }
  public double usdSpent() { return usdNanos.sum() / 1e9; }
  public void cacheHit() { cacheHit(NO_PLATFORM); }
  public void cacheHit(String platform) { counter("voxscribe.cache.hits", "Requests answered from the cache (credits saved)", platform).increment(); }
  public void failure(FailureKind kind) { failure(NO_PLATFORM, kind); }

  public void failure(String platform, FailureKind kind) {
    Counter.builder("voxscribe.failures").description("Requests that ended in a failure, by kind")
        .tag("platform", platform).tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  /** A request's time from arrival to transcript, for requests that got one. */
  public void timeToTranscript(String platform, Duration took) {
    Timer.builder("voxscribe.time.to.transcript").description("Time from request to transcript (cache hits included)")
        .tag("platform", platform).serviceLevelObjectives(TRANSCRIPT_BUCKETS).register(registry).record(took);
  }

  /** Started when a job asks for a slot; run it when the job starts: records the wait. */
  public Runnable queueWaitTimer() {
    Timer.Sample sample = Timer.start(registry);
    return () -> sample.stop(queueWait);
  }

  /** Time a job waited for a slot. */
  public void queueWait(Duration waited) { queueWait.record(waited); }

  /** Polls a completed job needed. */
  public void pollsPerJob(int count) { pollsPerJob.record(count); }

  /**
   * Starts timing a delivery when its transcript is ready; call {@link Delivery#sent()} once the
   * platform took the reply. What the bot adds on top of the service's own time.
   */
  public Delivery delivery(String platform) {
    return new Delivery(Timer.start(registry), platform);
  }

  /** A transcript on its way to a chat. */
  public final class Delivery {
    private final Timer.Sample sample;
    private final String platform;

    private Delivery(Timer.Sample sample, String platform) {
      this.sample = sample;
      this.platform = platform;
    }

    /** The reply was sent: records the time since the transcript was ready. */
    public void sent() {
      sample.stop(Timer.builder("voxscribe.delivery.latency")
          .description("Added latency: transcript ready to reply sent")
          .tag("platform", platform).serviceLevelObjectives(DELIVERY_BUCKETS).register(registry));
      counter("voxscribe.transcripts.sent", "Transcripts delivered to a chat", platform).increment();
    }
  }

  public AtomicInteger running() { return running; }
  public AtomicInteger queued() { return queued; }

  public long creates() { return (long) creates.count(); }
  public long polls() { return (long) polls.count(); }
  public long undecodableUpdates() { return (long) undecodableUpdates.count(); }
  public long cacheHits() { return sum("voxscribe.cache.hits", null); }
  public long failures(FailureKind kind) { return sum("voxscribe.failures", kind.name().toLowerCase(Locale.ROOT)); }

  /** Every counter by a stable name (summed over platforms), for a log line or a quick look. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("voxscribe_requests_total", sum("voxscribe.requests", null));
    m.put("voxscribe_creates_total", creates());
    m.put("voxscribe_polls_total", polls());
    m.put("voxscribe_retries_total", (long) retries.count());
    m.put("voxscribe_completed_total", (long) completed.count());
    m.put("voxscribe_cache_hits_total", cacheHits());
    m.put("voxscribe_undecodable_updates_total", undecodableUpdates());
    m.put("voxscribe_audio_seconds_total", (long) audioSeconds());
    m.put("voxscribe_spent_usd_micros_total", usdNanos.sum() / 1000);
    java.util.Map<String, Long> byLimit = new java.util.TreeMap<>();
    for (Meter meter : registry.find("voxscribe.refusals").meters()) {
      if (meter instanceof Counter c) byLimit.merge(meter.getId().getTag("limit"), (long) c.count(), Long::sum);
    }
    byLimit.forEach((k, v) -> m.put("voxscribe_refusals_total{limit=\"" + k + "\"}", v));
    m.put("voxscribe_jobs_running", (long) running.get());
    m.put("voxscribe_jobs_queued", (long) queued.get());
    for (FailureKind k : FailureKind.values()) {
      m.put("voxscribe_failures_total{kind=\"" + k.name().toLowerCase(Locale.ROOT) + "\"}", failures(k));
    }
    return m;
  }

  private Counter counter(String name, String description, String platform) {
    return Counter.builder(name).description(description).tag("platform", platform).register(registry);
  }

  private long sum(String name, @org.jspecify.annotations.Nullable String kind) {
    double total = 0;
    for (Meter meter : registry.find(name).meters()) {
      if (kind != null && !kind.equals(meter.getId().getTag("kind"))) continue;
      if (meter instanceof Counter c) total += c.count();
    }
    return (long) total;
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) out[i] = Duration.ofNanos((long) (values[i] * 1e9));
    return out;
  }
}
