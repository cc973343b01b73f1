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
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Create-then-poll against the AI/ML API stand-in with a fixed processing time, at several
 * concurrency levels. Per scenario a fresh stack runs two batches: "cold" (nothing learned yet) and
 * "warm" (the estimator has seen the cold batch), as a running bot would after its first jobs.
 *
 * <p>Measures: added latency = transcript returned minus result ready at the stand-in; polls per
 * job; threads the client side runs while every job waits (stand-in threads excluded); heap used
 * after a GC while every job waits.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/voxscribe-benchmarks.jar}
 * (options: {@code --processing 1,5,30 --concurrency 1,200,1000 --out BENCHMARKS-results.md}).
 */
public final class PollingBenchmark {
  private static final AtomicInteger unique = new AtomicInteger();

  record Row(String phase, int processingSeconds, int concurrency, double p50, double p95, double max,
      double pollsPerJob, int clientThreads, int allThreads, double heapMb, int failed) {}

  public static void main(String[] args) throws Exception {
    List<Integer> processing = List.of(1, 5, 30);
    List<Integer> concurrency = List.of(1, 200, 1000);
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--processing" -> processing = ints(args[++i]);
        case "--concurrency" -> concurrency = ints(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int p : processing) {
      for (int c : concurrency) {
        rows.addAll(scenario(Duration.ofSeconds(p), c));
      }
    }
    String table = table(rows);
    System.out.println(table);
    if (out != null) Files.writeString(out, table);
  }

  static List<Row> scenario(Duration processing, int concurrency) throws Exception {
    try (FakeAimlApi fake = new FakeAimlApi()) {
      fake.script(JobScript.completes("Benchmark transcript.").after(processing));
      PollPolicy policy = PollPolicy.defaults(Duration.ofMinutes(10));
      try (TranscriptionStack stack = TranscriptionStack.start(
          new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), Clock.systemUTC()),
          TranscriptionOptions.of("#g1_whisper-large"),
          new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), Math.max(concurrency, 1), 0),
          new CachePolicy(Duration.ofHours(1), 100_000), policy, Clock.systemUTC(), Ticker.systemTicker())) {
        Row cold = batch("cold", fake, stack, processing, concurrency);
        Row warm = batch("warm", fake, stack, processing, concurrency);
        return List.of(cold, warm);
      }
    }
  }

  static Row batch(String phase, FakeAimlApi fake, TranscriptionStack stack, Duration processing, int concurrency) throws Exception {
    int pollsBefore = fake.pollCount();
    Map<String, Long> doneAt = new ConcurrentHashMap<>();
    List<CompletableFuture<Transcript>> jobs = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      byte[] audio = ByteBuffer.allocate(8).putInt(unique.incrementAndGet()).array(); // distinct: no cache hits
      CompletableFuture<Transcript> job = stack.service().transcribe(TranscriptionRequest.builder(
          AudioFetch.of(new AudioSource.Bytes(audio, "bench.ogg", "audio/ogg"))).declaredDuration(Duration.ofSeconds(30)).build());
      job.whenComplete((t, e) -> {
        if (t != null) doneAt.put(t.generationId(), System.nanoTime());
      });
      jobs.add(job);
    }
    // While every job waits (half-way through processing): threads and heap.
    Thread.sleep(processing.toMillis() / 2);
    System.gc();
    double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    int[] threads = threads();
    int failed = 0;
    for (CompletableFuture<Transcript> job : jobs) {
      try {
        job.get(15, TimeUnit.MINUTES);
      } catch (Exception e) {
        failed++;
      }
    }
    double[] added = doneAt.entrySet().stream()
        .mapToDouble(e -> (e.getValue() - fake.readyNanos(e.getKey()).orElse(e.getValue())) / 1e6)
        .sorted().toArray();
    double polls = (fake.pollCount() - pollsBefore) / (double) concurrency;
    return new Row(phase, (int) processing.toSeconds(), concurrency, pct(added, 50), pct(added, 95),
        added.length == 0 ? 0 : added[added.length - 1], polls, threads[0], threads[1], heapMb, failed);
  }

  /** [client-side threads, all threads]; the stand-in's own server threads are not the bot's. */
  static int[] threads() {
    int all = 0;
    int client = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      all++;
      String n = t.getName();
      if (n.startsWith("voxscribe-") || n.startsWith("HttpClient-")) client++;
    }
    return new int[] {client, all};
  }

  static double pct(double[] sorted, int p) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| processing | jobs | phase | added p50 ms | added p95 ms | added max ms | polls/job | client threads | JVM threads | heap MB | failed |\n");
    sb.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %d s | %d | %s | %.0f | %.0f | %.0f | %.2f | %d | %d | %.0f | %d |%n",
          r.processingSeconds(), r.concurrency(), r.phase(), r.p50(), r.p95(), r.max(), r.pollsPerJob(),
          r.clientThreads(), r.allThreads(), r.heapMb(), r.failed()));
    }
    return sb.toString();
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).map(Integer::parseInt).toList();
  }

}
