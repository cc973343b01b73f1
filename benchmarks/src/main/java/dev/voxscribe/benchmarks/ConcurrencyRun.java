package dev.voxscribe.benchmarks;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.stt.AimlSpeechApi;
import dev.voxscribe.core.stt.PollPolicy;
import dev.voxscribe.core.transcribe.AudioFetch;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many jobs at once over a delayed network, in real time, through the whole stack the bot runs
 * (job gate, cache, poll scheduler, Feign over the JDK client): how long until every job is created
 * at the service, and the added latency against a single job's on the same learned estimator.
 */
final class ConcurrencyRun {
  private static final Duration PROCESSING = Duration.ofSeconds(5);
  private static final AtomicInteger unique = new AtomicInteger();

  private ConcurrencyRun() {}

  static String run(int jobs, Duration roundTrip) throws Exception {
    try (FakeAimlApi fake = new FakeAimlApi()) {
      Map<String, Long> createdAt = new ConcurrentHashMap<>();
      fake.script(upload -> {
        createdAt.put(upload.generationId(), System.nanoTime());
        return JobScript.completes("Benchmark transcript.").after(PROCESSING);
      });
      fake.roundTrip(roundTrip);
      try (TranscriptionStack stack = TranscriptionStack.start(
          new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), Clock.systemUTC()),
          TranscriptionOptions.of(PollingBenchmark.MODEL),
          new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), jobs, 0),
          new CachePolicy(Duration.ofHours(1), 100_000), PollPolicy.defaults(Duration.ofMinutes(10)),
          Clock.systemUTC(), Ticker.systemTicker())) {
        batch(fake, stack, createdAt, 20); // warm-up: the estimator learns the 5 s
        List<Double> single = new ArrayList<>();
        for (int i = 0; i < 3; i++) single.add(batch(fake, stack, createdAt, 1).p50);
        single.sort(Double::compare);
        Batch many = batch(fake, stack, createdAt, jobs);
        return String.format(Locale.ROOT, """
            Concurrency: %d jobs at once, %d ms round trip at the stand-in (real time), %d s processing, learned estimator

            | measure | value |
            |---|---:|
            | all created (first arrival to last create at the stand-in) | %.2f s |
            | added p50, single job (median of 3) | %.0f ms |
            | added p50 / p95, %d jobs | %.0f / %.0f ms |
            | p50 difference to a single job | %+.0f ms |
            | polls per job | %.2f |
            | client threads while all wait (voxscribe-*, HttpClient-*): alive / not parked in a pool | %d / %d |
            | failed | %d |
            """, jobs, roundTrip.toMillis(), PROCESSING.toSeconds(), many.createSpan, single.get(1), jobs, many.p50,
            many.p95, many.p50 - single.get(1), many.polls, many.threads, many.busy, many.failed);
      }
    }
  }

  private record Batch(double createSpan, double p50, double p95, double polls, int threads, int busy, int failed) {}

  private static Batch batch(FakeAimlApi fake, TranscriptionStack stack, Map<String, Long> createdAt, int n)
      throws InterruptedException {
    int pollsBefore = fake.pollCount();
    ConcurrentLinkedQueue<double[]> added = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Transcript>> all = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String file = "c-" + unique.incrementAndGet() + ".ogg";
      AudioSource audio = new AudioSource.Bytes(("OggS " + file).getBytes(StandardCharsets.ISO_8859_1), file, "audio/ogg");
      CompletableFuture<Transcript> job = stack.service().transcribe(
          TranscriptionRequest.builder(AudioFetch.of(audio)).declaredDuration(Duration.ofSeconds(30)).build());
      job.whenComplete((t, e) -> {
        long now = System.nanoTime();
        if (t != null) added.add(new double[] {(now - fake.readyNanos(t.generationId()).orElse(now)) / 1e6});
      });
      all.add(job);
    }
    Thread.sleep(PROCESSING.toMillis() / 2); // a benchmark, not a test: look at the threads while every job waits
    int threads = 0;
    int busy = 0;
    for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
      String name = t.getKey().getName();
      if (!name.startsWith("voxscribe-") && !name.startsWith("HttpClient-")) continue;
      threads++;
      // A pool thread parked for its next task holds nothing: it is kept for reuse, then retires.
      boolean idle = false;
      for (StackTraceElement f : t.getValue()) {
        if (f.getMethodName().equals("getTask") || f.getMethodName().equals("awaitWork")) idle = true;
      }
      if (!idle) busy++;
    }
    int failed = 0;
    for (CompletableFuture<Transcript> job : all) {
      try {
        ids.add(job.get(10, TimeUnit.MINUTES).generationId());
      } catch (Exception e) {
        failed++;
      }
    }
    long lastCreate = ids.stream().mapToLong(id -> createdAt.getOrDefault(id, start)).max().orElse(start);
    double[] sorted = added.stream().mapToDouble(a -> a[0]).sorted().toArray();
    return new Batch((lastCreate - start) / 1e9, PollingBenchmark.pct(sorted, 50), PollingBenchmark.pct(sorted, 95),
        (fake.pollCount() - pollsBefore) / (double) n, threads, busy, failed);
  }
}
