package dev.voxscribe.benchmarks;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.deliver.DeliveryPlan;
import dev.voxscribe.core.store.GenerationStore;
import dev.voxscribe.core.store.Inbox;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.stt.AimlSpeechApi;
import dev.voxscribe.core.stt.PollPolicy;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What durability costs, on the machine it runs on, against a real {@code voxscribe.db} in a temp
 * directory:
 * <ol>
 *   <li>recording updates as the poll loop does (one insert per update on one thread): updates/s and
 *       the latency each record adds before the next getUpdates;
 *   <li>the whole bookkeeping of voice notes at a steady 100 per second for 10 s (update recorded, job
 *       saved at each stage, generation and transcript kept, update done): whether the store keeps up,
 *       and the latency of each write;
 *   <li>create-then-poll latency with the store behind the stack and without it (200 jobs, 1 s);
 *   <li>the first jobs after a restart, with the estimator's learning kept, against warm jobs before it
 *       (200 jobs, 5 s processing).
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.benchmarks.DurabilityBenchmark}
 */
public final class DurabilityBenchmark {
  private static final String UPDATE = "{\"update_id\":%d,\"message\":{\"message_id\":%d,\"from\":{\"id\":4242,"
      + "\"is_bot\":false,\"first_name\":\"Alice\",\"language_code\":\"en\"},\"chat\":{\"id\":4242,\"first_name\":"
      + "\"Alice\",\"type\":\"private\"},\"date\":1764583200,\"voice\":{\"duration\":7,\"mime_type\":\"audio/ogg\","
      + "\"file_id\":\"AwACAgIAAxkBAAIBQ2dZ3l9fakeFileIdForTheBenchmark%d\",\"file_unique_id\":\"AgADq%d\","
      + "\"file_size\":23456}}}";

  private DurabilityBenchmark() {}

  public static void main(String[] args) throws Exception {
    StringBuilder out = new StringBuilder();
    Path dir = Files.createTempDirectory("voxscribe-bench");
    out.append(recording(dir.resolve("a"), 20_000)).append('\n');
    out.append(steady(dir.resolve("b"), 100, Duration.ofSeconds(10))).append('\n');
    out.append(endToEnd(dir.resolve("c"))).append('\n');
    out.append(afterRestart(dir.resolve("d"))).append('\n');
    System.out.println(out);
    if (args.length == 2 && args[0].equals("--out")) Files.writeString(Path.of(args[1]), out);
  }

  /** One thread records updates back to back, as the poll loop does between two getUpdates. */
  static String recording(Path dir, int n) {
    try (SqliteStore store = SqliteStore.open(dir)) {
      Inbox inbox = store.inbox();
      for (int i = 0; i < 2_000; i++) inbox.record("warmup", i, String.format(Locale.ROOT, UPDATE, i, i, i, i), Instant.now());
      double[] micros = new double[n];
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        inbox.record("telegram", i, String.format(Locale.ROOT, UPDATE, i, i, i, i), Instant.now());
        micros[i] = (System.nanoTime() - t0) / 1e3;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(micros);
      return String.format(Locale.ROOT, "| recording updates (one thread) | %,d updates | %,.0f updates/s | p50 %.0f µs | "
          + "p95 %.0f µs | p99 %.0f µs |%n", n, n / seconds, pct(micros, 50), pct(micros, 95), pct(micros, 99));
    }
  }

  /** Every write one voice note causes, for {@code rate} notes a second, from four threads. */
  static String steady(Path dir, int rate, Duration length) throws Exception {
    try (SqliteStore store = SqliteStore.open(dir)) {
      int notes = (int) (rate * length.toSeconds());
      double[] micros = new double[notes * 8];
      AtomicInteger writes = new AtomicInteger();
      ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
      CountDownLatch done = new CountDownLatch(notes);
      AtomicInteger late = new AtomicInteger();
      long periodNanos = 1_000_000_000L / rate;
      long start = System.nanoTime();
      Transcript t = new Transcript("A voice note of seven seconds, transcribed for the benchmark. ".repeat(3),
          Optional.of("en"), Optional.of(Duration.ofSeconds(7)), List.of(), "gen", "#g1_whisper-large");
      for (int i = 0; i < notes; i++) {
        int n = i;
        long due = start + n * periodNanos;
        pool.schedule(() -> {
          if (System.nanoTime() - due > 1_000_000_000L) late.incrementAndGet();
          Instant now = Instant.now();
          String id = "telegram:4242:" + n;
          timed(micros, writes, () -> store.inbox().record("telegram", n, String.format(Locale.ROOT, UPDATE, n, n, n, n), now));
          JobRecord job = JobRecord.start(id, "telegram", "{\"kind\":\"voice\",\"file_id\":\"f" + n + "\"}", "{\"chat_id\":4242}", now);
          timed(micros, writes, () -> store.jobs().save(job));
          timed(micros, writes, () -> store.inbox().done("telegram", n, now));
          timed(micros, writes, () -> store.generations().put("platform:telegram:AgADq" + n + "|m|auto|0",
              new GenerationStore.Generation("gen-" + n, now)));
          timed(micros, writes, () -> store.jobs().save(job.withWaiter("{\"chat_id\":4242,\"placeholder_id\":" + n + "}", now)));
          timed(micros, writes, () -> store.transcripts().put("platform:telegram:AgADq" + n + "|m|auto|0", t, now.plusSeconds(86_400)));
          timed(micros, writes, () -> store.jobs().save(job.withPlan(DeliveryPlan.single(t.text(), false).toJson(), now)));
          timed(micros, writes, () -> store.jobs().save(job.at(JobStage.DELIVERED, Optional.empty(), now)));
          done.countDown();
        }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
      done.await(5, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      double[] sorted = Arrays.copyOf(micros, writes.get());
      Arrays.sort(sorted);
      return String.format(Locale.ROOT, "| %d voice notes/s for %d s (8 writes each, 4 threads) | %,d notes in %.1f s, "
          + "%d over 1 s late | %,.0f writes/s | p50 %.0f µs | p95 %.0f µs | p99 %.0f µs |%n", rate, length.toSeconds(),
          notes, seconds, late.get(), writes.get() / seconds, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
    }
  }

  private static void timed(double[] micros, AtomicInteger writes, Runnable write) {
    long t0 = System.nanoTime();
    write.run();
    micros[writes.getAndIncrement()] = (System.nanoTime() - t0) / 1e3;
  }

  /** The same create-then-poll batch with the store behind the stack, and without. */
  static String endToEnd(Path dir) throws Exception {
    StringBuilder sb = new StringBuilder();
    sb.append("| stack | processing | jobs | phase | added p50 ms | added p95 ms | polls/job | failed |\n");
    sb.append("|---|---:|---:|---|---:|---:|---:|---:|\n");
    for (boolean withStore : new boolean[] {false, true}) {
      try (FakeAimlApi fake = new FakeAimlApi(); SqliteStore store = SqliteStore.open(dir.resolve(withStore ? "on" : "off"))) {
        fake.script(JobScript.completes("Benchmark transcript.").after(Duration.ofSeconds(1)));
        try (TranscriptionStack stack = stack(fake, withStore ? Optional.of(store) : Optional.empty(), 200)) {
          PollingBenchmark.batch("cold", fake, stack, Duration.ofSeconds(1), 200);
          sb.append(row(withStore ? "store on" : "store off", PollingBenchmark.batch("warm", fake, stack, Duration.ofSeconds(1), 200)));
        }
      }
    }
    return sb.toString();
  }

  /** Warm jobs before a restart, then the first jobs of a new stack on the same store. */
  static String afterRestart(Path dir) throws Exception {
    StringBuilder sb = new StringBuilder();
    sb.append("| stack | processing | jobs | phase | added p50 ms | added p95 ms | polls/job | failed |\n");
    sb.append("|---|---:|---:|---|---:|---:|---:|---:|\n");
    Duration processing = Duration.ofSeconds(5);
    try (FakeAimlApi fake = new FakeAimlApi()) {
      fake.script(JobScript.completes("Benchmark transcript.").after(processing));
      try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack stack = stack(fake, Optional.of(store), 200)) {
        sb.append(row("before the restart", PollingBenchmark.batch("cold", fake, stack, processing, 200)));
        sb.append(row("before the restart", PollingBenchmark.batch("warm", fake, stack, processing, 200)));
      }
      try (SqliteStore store = SqliteStore.open(dir); TranscriptionStack stack = stack(fake, Optional.of(store), 200)) {
        sb.append(row("after the restart", PollingBenchmark.batch("first", fake, stack, processing, 200)));
      }
      try (SqliteStore store = SqliteStore.open(dir.resolve("fresh")); TranscriptionStack stack = stack(fake, Optional.of(store), 200)) {
        sb.append(row("restart, nothing kept", PollingBenchmark.batch("first", fake, stack, processing, 200)));
      }
    }
    return sb.toString();
  }

  private static TranscriptionStack stack(FakeAimlApi fake, Optional<Store> store, int concurrency) {
    AimlSpeechApi api = new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), Clock.systemUTC());
    TranscriptionLimits limits = new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), concurrency, 0);
    CachePolicy cache = new CachePolicy(Duration.ofHours(1), 100_000);
    PollPolicy policy = PollPolicy.defaults(Duration.ofMinutes(10));
    TranscriptionOptions options = TranscriptionOptions.of("#g1_whisper-large");
    return store.isPresent()
        ? TranscriptionStack.start(api, options, limits, cache, policy, Clock.systemUTC(), Ticker.systemTicker(), store.get())
        : TranscriptionStack.start(api, options, limits, cache, policy, Clock.systemUTC(), Ticker.systemTicker());
  }

  private static String row(String stack, PollingBenchmark.Row r) {
    return String.format(Locale.ROOT, "| %s | %d s | %d | %s | %.0f | %.0f | %.2f | %d |%n", stack, r.processingSeconds(),
        r.concurrency(), r.phase(), r.p50(), r.p95(), r.pollsPerJob(), r.failed());
  }

  private static double pct(double[] sorted, int p) {
    return PollingBenchmark.pct(sorted, p);
  }
}
