package dev.voxscribe.benchmarks;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.stt.AimlSpeechApi;
import dev.voxscribe.core.stt.JobStatus;
import dev.voxscribe.core.stt.PollPolicy;
import dev.voxscribe.core.stt.PollingSpeechToText;
import dev.voxscribe.core.stt.SpeechApi;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Poll strategies side by side, in one process and one run, against the AI/ML API stand-in over
 * real HTTP: the docs' 10 s loop, the SDK's 5 s loop, VoxScribe on a model it has never seen
 * ("cold": every job on a fresh estimator), VoxScribe after two batches of the same work ("learned"),
 * the same right after a restart that kept what it learned in the SQLite store ("restarted"), and an
 * oracle that polls once, exactly when the result is ready.
 *
 * <p>The service's processing time runs on {@link SimulatedTime}: waiting is skipped, every
 * request and scheduling delay still takes its real time, so the whole run takes minutes, not
 * hours. An optional simulated round trip delays each request by half before and half after, in
 * the same simulated time. {@link ConcurrencyRun} then measures many concurrent jobs over a real
 * delayed network, in real time.
 *
 * <p>Run: {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/voxscribe-benchmarks.jar}
 * (options: {@code --jobs 50 --round-trip 0ms --workloads fixed2,fixed12,fixed30,fixed60,mixed,instant
 * --concurrency 1000 --concurrency-round-trip 50ms --skip-concurrency --prior-off 2.5 --seed 1 --out results.md}).
 */
public final class PollingBenchmark {
  static final String MODEL = "#g1_whisper-large";
  /** The benchmark's service: 1 s + 0.1 s per audio second, times the jitter. */
  static final double FIXED_COST = 1.0;
  static final double PER_AUDIO_SECOND = 0.1;

  /** One job: its audio length, its processing time at the stand-in, when it arrives after the batch starts. */
  record JobSpec(double audioSeconds, double processingSeconds, double arrivalSeconds) {}

  /** The measured jobs, and the two batches of the same work a "learned" run sees first. */
  record Workload(String name, String label, List<JobSpec> measured, List<JobSpec> warmUp) {}

  /** Per strategy and workload: the measured batch. */
  record Result(String workload, String strategy, double[] addedMs, double pollsPerJob, double meanShareOfProcessing,
      int failed) {
    double mean() {
      return Arrays.stream(addedMs).average().orElse(Double.NaN);
    }

    double pct(int p) {
      return PollingBenchmark.pct(addedMs, p);
    }
  }

  static {
    dev.voxscribe.core.AsyncPool.install(); // as the bot's Main does: measure what runs
  }

  public static void main(String[] args) throws Exception {
    int jobs = 50;
    Duration roundTrip = Duration.ZERO;
    List<String> workloads = List.of("fixed2", "fixed12", "fixed30", "fixed60", "mixed", "instant");
    int concurrency = 1000;
    Duration concurrencyRoundTrip = Duration.ofMillis(50);
    boolean skipConcurrency = false;
    double priorOff = 1;
    long seed = 1;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--round-trip" -> roundTrip = duration(args[++i]);
        case "--workloads" -> workloads = Arrays.stream(args[++i].split(",")).map(String::strip).toList();
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--concurrency-round-trip" -> concurrencyRoundTrip = duration(args[++i]);
        case "--skip-concurrency" -> skipConcurrency = true;
        case "--prior-off" -> priorOff = Double.parseDouble(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    StringBuilder report = new StringBuilder();
    long started = System.nanoTime();
    List<Result> results = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (String name : workloads) {
      Workload w = workload(name, jobs, new Random(seed * 7919 + name.hashCode()), priorOff);
      labels.put(w.name(), w.label());
      results.addAll(runWorkload(w, roundTrip));
      System.err.printf(Locale.ROOT, "%s done after %.0f s%n", name, (System.nanoTime() - started) / 1e9);
    }
    report.append(String.format(Locale.ROOT, "Strategies: %d jobs per batch, simulated round trip %d ms, service %s%n%n",
        jobs, roundTrip.toMillis(), priorOff == 1 ? "as fast as the prior guesses"
            : String.format(Locale.ROOT, "%.1f times slower than the prior guesses", priorOff)));
    report.append(table(results, labels)).append('\n');
    report.append(ratios(results, labels)).append('\n');
    if (!skipConcurrency) {
      report.append(ConcurrencyRun.run(concurrency, concurrencyRoundTrip)).append('\n');
    }
    report.append(String.format(Locale.ROOT, "(whole run: %.0f s)%n", (System.nanoTime() - started) / 1e9));
    System.out.println(report);
    if (out != null) Files.writeString(out, report.toString());
  }

  // ---- workloads ----

  static Workload workload(String name, int jobs, Random random, double priorOff) {
    return switch (name) {
      case "mixed" -> new Workload(name, "mixed: (1 s + 0.1 s per audio second) ±30 %, audio 3-180 s",
          mixed(jobs, random, priorOff), mixed(2 * jobs, random, priorOff));
      case "instant" -> new Workload(name, "ready at once (1 s audio)", instant(jobs, random), instant(2 * jobs, random));
      default -> {
        if (!name.startsWith("fixed")) throw new IllegalArgumentException("unknown workload " + name);
        double seconds = Double.parseDouble(name.substring("fixed".length()));
        yield new Workload(name, String.format(Locale.ROOT, "%.0f s ±10 %%", seconds),
            fixed(seconds, jobs, random, priorOff), fixed(seconds, 2 * jobs, random, priorOff));
      }
    };
  }

  /** Processing {@code seconds} ± 10 % (uniform), audio as long as the service's speed makes it. */
  static List<JobSpec> fixed(double seconds, int jobs, Random random, double priorOff) {
    double audio = Math.max(1, (seconds / priorOff - FIXED_COST) / PER_AUDIO_SECOND);
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      specs.add(new JobSpec(audio, seconds * (0.9 + 0.2 * random.nextDouble()), arrival(random)));
    }
    return specs;
  }

  /** Audio log-uniform in 3-180 s; processing (1 s + 0.1 s per audio second) ± 30 % (uniform). */
  static List<JobSpec> mixed(int jobs, Random random, double priorOff) {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      double audio = Math.exp(Math.log(3) + random.nextDouble() * Math.log(60));
      double processing = priorOff * (FIXED_COST + PER_AUDIO_SECOND * audio) * (0.7 + 0.6 * random.nextDouble());
      specs.add(new JobSpec(audio, processing, arrival(random)));
    }
    return specs;
  }

  static List<JobSpec> instant(int jobs, Random random) {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) specs.add(new JobSpec(1, 0, arrival(random)));
    return specs;
  }

  /** Jobs of a batch arrive spread over 10 s, as chats send them, not in one burst. */
  private static double arrival(Random random) {
    return 10 * random.nextDouble();
  }

  // ---- one workload: every strategy, one after another, on one stand-in ----

  static List<Result> runWorkload(Workload w, Duration roundTrip) throws Exception {
    try (SimulatedTime time = new SimulatedTime(); FakeAimlApi fake = new FakeAimlApi(time::nanoTime)) {
      Map<String, JobSpec> byFile = new ConcurrentHashMap<>();
      fake.script(upload -> {
        JobSpec spec = byFile.get(upload.filename().orElse(""));
        double seconds = spec == null ? 0 : spec.processingSeconds();
        return JobScript.completes("Benchmark transcript.").after(Duration.ofNanos(Math.round(seconds * 1e9)));
      });
      ExecutorService createPool = Executors.newFixedThreadPool(64, daemon("bench-create"));
      ExecutorService pollPool = Executors.newFixedThreadPool(64, daemon("bench-poll"));
      try (AimlSpeechApi http = new AimlSpeechApi(new AimlApiSettings(URI.create(fake.baseUrl()), fake.apiKey()), time.clock())) {
        Harness h = new Harness(time, fake, byFile, new RoundTrip(http, time, roundTrip), time.counted(createPool),
            time.counted(pollPool), roundTrip);
        PollPolicy policy = PollPolicy.defaults(Duration.ofMinutes(10));
        List<Result> results = new ArrayList<>();
        results.add(h.batch(w, "docs' 10 s loop", w.measured(), h.loop(Duration.ofSeconds(10))));
        results.add(h.batch(w, "SDK's 5 s loop", w.measured(), h.loop(Duration.ofSeconds(5))));
        results.add(h.batch(w, "VoxScribe cold", w.measured(), spec -> h.voxscribe(h.fresh(policy)).apply(spec)));
        Path dir = Files.createTempDirectory("voxscribe-bench-store");
        try (dev.voxscribe.core.store.SqliteStore store = dev.voxscribe.core.store.SqliteStore.open(dir)) {
          PollingSpeechToText learned = h.fresh(policy);
          learned.persistLearning(store.snapshots());
          int half = w.warmUp().size() / 2;
          h.batch(w, "warm-up 1", w.warmUp().subList(0, half), h.voxscribe(learned));
          h.batch(w, "warm-up 2", w.warmUp().subList(half, w.warmUp().size()), h.voxscribe(learned));
          // A restart: what was learned is saved to the SQLite store as the bot does at shutdown, and a new
          // instance starts from it; its first jobs are the measured batch.
          learned.shutdown();
          PollingSpeechToText restarted = h.fresh(policy);
          restarted.persistLearning(store.snapshots());
          results.add(h.batch(w, "VoxScribe restarted", w.measured(), h.voxscribe(restarted)));
          results.add(h.batch(w, "VoxScribe learned", w.measured(), h.voxscribe(learned)));
        } finally {
          try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
          }
        }
        results.add(h.batch(w, "oracle", w.measured(), h.oracle()));
        return results;
      } finally {
        createPool.shutdownNow();
        pollPool.shutdownNow();
      }
    }
  }

  /**
   * Counts every request in flight as work (the client holds no thread while it waits, so nothing
   * else would), and delays each by half the round trip before it is sent and half after its answer,
   * in simulated time. The answer's own callbacks run before the request stops counting.
   */
  record RoundTrip(SpeechApi api, SimulatedTime time, Duration delay) implements SpeechApi {
    @Override
    public CompletableFuture<JobStatus> createAsync(AudioSource audio, TranscriptionOptions options, String requestId,
        Duration timeout) {
      return delayed(() -> api.createAsync(audio, options, requestId, timeout));
    }

    @Override
    public CompletableFuture<JobStatus> createAsync(AudioSource audio, TranscriptionOptions options, String requestId,
        Duration timeout, java.util.function.Supplier<? extends java.util.concurrent.CompletionStage<?>> whole) {
      return delayed(() -> api.createAsync(audio, options, requestId, timeout, whole));
    }

    @Override
    public CompletableFuture<JobStatus> fetchAsync(String generationId, Duration timeout) {
      return delayed(() -> api.fetchAsync(generationId, timeout));
    }

    private CompletableFuture<JobStatus> delayed(java.util.function.Supplier<CompletableFuture<JobStatus>> send) {
      CompletableFuture<JobStatus> out = new CompletableFuture<>();
      after(delay.dividedBy(2), () -> {
        time.enter();
        CompletableFuture<JobStatus> inner;
        try {
          inner = send.get();
        } catch (RuntimeException e) {
          time.exit();
          out.completeExceptionally(e);
          return;
        }
        inner.whenComplete((status, error) -> {
          try {
            after(delay.dividedBy(2), () -> {
              if (error != null) out.completeExceptionally(error);
              else out.complete(status);
            });
          } finally {
            time.exit();
          }
        });
      });
      return out;
    }

    /** Runs {@code step} after {@code d} of simulated time; at once (on this thread) when d is zero. */
    private void after(Duration d, Runnable step) {
      if (d.isZero()) {
        step.run();
      } else {
        time.scheduler.schedule(step, d.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
  }

  private static final AtomicInteger unique = new AtomicInteger();

  /** Everything one workload's strategies share. */
  record Harness(SimulatedTime time, FakeAimlApi fake, Map<String, JobSpec> byFile, SpeechApi api,
      ExecutorService createIo, ExecutorService pollIo, Duration roundTrip) {

    PollingSpeechToText fresh(PollPolicy policy) {
      return new PollingSpeechToText(api, time.scheduler, createIo, pollIo, time.clock(), policy, new Metrics());
    }

    AudioSource audio(JobSpec spec) {
      String file = "job-" + unique.incrementAndGet() + ".ogg";
      byFile.put(file, spec);
      return new AudioSource.Bytes(("OggS bench " + file).getBytes(StandardCharsets.ISO_8859_1), file, "audio/ogg");
    }

    Function<JobSpec, CompletableFuture<String>> voxscribe(PollingSpeechToText stt) {
      return spec -> stt.transcribe(audio(spec), TranscriptionOptions.of(MODEL),
              Optional.of(Duration.ofNanos(Math.round(spec.audioSeconds() * 1e9))))
          .thenApply(Transcript::generationId);
    }

    /** Create, poll at once, then every {@code every} until done: the loops of the docs and the SDK. */
    Function<JobSpec, CompletableFuture<String>> loop(Duration every) {
      return spec -> created(spec).thenCompose(id -> pollEvery(id, every, Duration.ZERO));
    }

    /** Knows when each result is ready and polls once then (its request arriving just in time). */
    Function<JobSpec, CompletableFuture<String>> oracle() {
      return spec -> created(spec).thenCompose(id -> {
        long ready = fake.plannedReadyNanos(id).orElseThrow();
        long wait = ready - time.nanoTime() - roundTrip.toNanos() / 2;
        return pollEvery(id, Duration.ofMillis(1), Duration.ofNanos(Math.max(0, wait)));
      });
    }

    private CompletableFuture<String> created(JobSpec spec) {
      return api.createAsync(audio(spec), TranscriptionOptions.of(MODEL), java.util.UUID.randomUUID().toString(),
          SpeechApi.DEFAULT_TIMEOUT).thenApply(JobStatus::generationId);
    }

    private CompletableFuture<String> pollEvery(String id, Duration every, Duration after) {
      CompletableFuture<String> done = new CompletableFuture<>();
      Runnable poll = () -> api.fetchAsync(id, SpeechApi.DEFAULT_TIMEOUT).whenComplete((status, error) -> {
        if (error != null) done.completeExceptionally(error);
        else if (status instanceof JobStatus.Pending) pollEvery(id, every, every).whenComplete((v, e) -> {
          if (e != null) done.completeExceptionally(e);
          else done.complete(v);
        });
        else done.complete(id);
      });
      time.scheduler.schedule(poll, after.toNanos(), TimeUnit.NANOSECONDS);
      return done;
    }

    Result batch(Workload w, String strategy, List<JobSpec> specs, Function<JobSpec, CompletableFuture<String>> start)
        throws InterruptedException {
      Map<CompletableFuture<String>, JobSpec> jobs = new ConcurrentHashMap<>();
      Map<CompletableFuture<String>, Long> finished = new ConcurrentHashMap<>();
      List<CompletableFuture<String>> all = new ArrayList<>();
      time.enter(); // no skipping while the batch is being laid out
      try {
        for (int i = 0; i < specs.size(); i++) {
          JobSpec spec = specs.get(i);
          CompletableFuture<String> job = new CompletableFuture<>();
          all.add(job);
          jobs.put(job, spec);
          time.scheduler.schedule(() -> {
            start.apply(spec).whenComplete((id, e) -> {
              finished.put(job, time.nanoTime());
              if (e != null) job.completeExceptionally(e);
              else job.complete(id);
            });
          }, Math.round(spec.arrivalSeconds() * 1e9), TimeUnit.NANOSECONDS);
        }
      } finally {
        time.exit();
      }
      int failed = 0;
      List<Double> added = new ArrayList<>();
      double polls = 0;
      double share = 0;
      for (CompletableFuture<String> job : all) {
        String id;
        try {
          id = job.get(30, TimeUnit.MINUTES);
        } catch (Exception e) {
          if (failed++ == 0) System.err.println("  " + strategy + ": a job failed: " + e);
          continue;
        }
        JobSpec spec = jobs.get(job);
        long ready = fake.readyNanos(id).orElseThrow();
        double ms = (finished.get(job) - ready) / 1e6;
        added.add(ms);
        if (ms > 2000 && System.getenv("BENCH_DEBUG") != null) {
          System.err.printf(Locale.ROOT, "SLOW %s %s %s added %.0f ms polls %d%n", strategy, id, spec, ms, fake.polls(id));
        }
        polls += fake.polls(id);
        share += spec.processingSeconds() > 0 ? ms / 1000 / spec.processingSeconds() : 0;
      }
      int ok = added.size();
      double[] sorted = added.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      Result r = new Result(w.name(), strategy, sorted, ok == 0 ? 0 : polls / ok, ok == 0 ? 0 : share / ok, failed);
      System.err.printf(Locale.ROOT, "  %-18s %-8s mean %7.0f ms  p95 %7.0f ms  polls %.2f%n", strategy, w.name(), r.mean(),
          r.pct(95), r.pollsPerJob());
      return r;
    }
  }

  // ---- output ----

  static String table(List<Result> results, Map<String, String> labels) {
    StringBuilder sb = new StringBuilder();
    sb.append("| processing | strategy | added mean ms | p50 ms | p95 ms | max ms | polls/job | added ÷ processing | failed |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %s | %d |%n",
          labels.get(r.workload()), r.strategy(), r.mean(), r.pct(50), r.pct(95),
          r.addedMs().length == 0 ? 0 : r.addedMs()[r.addedMs().length - 1], r.pollsPerJob(),
          r.workload().equals("instant") ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * r.meanShareOfProcessing()),
          r.failed()));
    }
    return sb.toString();
  }

  /** VoxScribe's mean added latency against each alternative's, per workload. */
  static String ratios(List<Result> results, Map<String, String> labels) {
    StringBuilder sb = new StringBuilder();
    sb.append("| processing | VoxScribe | ÷ docs' 10 s loop | ÷ SDK's 5 s loop | ÷ oracle | ÷ learned |\n");
    sb.append("|---|---|---:|---:|---:|---:|\n");
    for (String workload : labels.keySet()) {
      Map<String, Double> mean = new LinkedHashMap<>();
      for (Result r : results) if (r.workload().equals(workload)) mean.put(r.strategy(), r.mean());
      for (String ours : List.of("VoxScribe cold", "VoxScribe restarted", "VoxScribe learned")) {
        double m = mean.getOrDefault(ours, Double.NaN);
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", labels.get(workload),
            ours.substring("VoxScribe ".length()), ratio(m, mean.get("docs' 10 s loop")), ratio(m, mean.get("SDK's 5 s loop")),
            ratio(m, mean.get("oracle")),
            ours.endsWith("learned") ? "–" : ratio(m, mean.get("VoxScribe learned"))));
      }
    }
    return sb.toString();
  }

  private static String ratio(double a, Double b) {
    if (b == null || b.isNaN() || b <= 0 || Double.isNaN(a)) return "–";
    double r = a / b;
    return r >= 10 ? String.format(Locale.ROOT, "%.0f×", r) : String.format(Locale.ROOT, "%.2f×", r);
  }

  static double pct(double[] sorted, int p) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static Duration duration(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    return Duration.ofMillis(Long.parseLong(t));
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
