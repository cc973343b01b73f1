package dev.voxscribe.benchmarks;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.spend.Requester;
import dev.voxscribe.core.spend.SpendPolicy;
import dev.voxscribe.core.store.Instance;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.PostgresStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionRequest;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.db.TestDatabase;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 16: jobs per second through 1, 2 and 4 instances on one PostgreSQL, and the database round
 * trips each job costs. An "instance" is what a process owns: its own {@link PostgresStore} (one
 * connection, its own {@link Instance} id and leases) and its own {@link TranscriptionStack}, all in
 * one JVM against one AI/ML API stand-in whose jobs are ready at the first poll. Each job is a voice
 * note's whole life in the store: its update recorded, the job saved at each stage, the service's
 * look-ups (platform key, content), the create claim, the generation, the transcript, usage counters
 * (quotas on, exact across instances), delivered, update done. Jobs are spread evenly, distinct audio
 * each (no cache hits), at most 32 in flight per instance.
 *
 * <pre>VOXSCRIBE_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres \
 *   java -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.benchmarks.ScaleOutBenchmark [jobs per run]</pre>
 */
public final class ScaleOutBenchmark {
  private static final int IN_FLIGHT = 32;

  private ScaleOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Optional<String> why = TestDatabase.unavailable();
    if (why.isPresent()) {
      System.err.println(why.get());
      System.exit(2);
    }
    run(1, jobs / 4, false); // warm-up of the JIT, not printed
    System.out.println("| instances | jobs | seconds | jobs/s | round trips per job | creates |");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (int n : new int[] {1, 2, 4, 1, 2, 4}) System.out.println(run(n, jobs, true));
  }

  private static String run(int instances, int jobs, boolean print) throws Exception {
    try (TestDatabase db = TestDatabase.open().orElseThrow(); FakeAimlApi aiml = new FakeAimlApi()) {
      aiml.script(JobScript.completes("Ready at once.").afterPolls(0));
      aiml.reportedDuration(java.util.OptionalDouble.of(3));
      List<PostgresStore> stores = new ArrayList<>();
      List<TranscriptionStack> stacks = new ArrayList<>();
      try {
        for (int i = 0; i < instances; i++) {
          PostgresStore store = PostgresStore.open(db.url(), Optional.empty(), Optional.empty(),
              new Instance("bench-" + i, Duration.ofSeconds(30), Clock.systemUTC()));
          stores.add(store);
          SpendPolicy quotas = SpendPolicy.UNLIMITED.withUserMinutes(Duration.ofDays(1000));
          stacks.add(TranscriptionStack.start(new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey()),
              TranscriptionOptions.of("#g1_whisper-large"),
              new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), IN_FLIGHT, 10_000),
              new CachePolicy(Duration.ofHours(1), 10_000), TranscriptionStack.fastPolls(Duration.ofSeconds(60)),
              quotas, store, Clock.systemUTC()));
        }
        long tripsBefore = stores.stream().mapToLong(PostgresStore::roundTrips).sum();
        List<CompletableFuture<Void>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        // One feeder per instance, as each process takes its own updates.
        List<Thread> feeders = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < instances; i++) {
          int me = i;
          Semaphore slot = new Semaphore(IN_FLIGHT);
          Thread feeder = new Thread(() -> {
            for (int j = me; j < jobs; j += instances) {
              slot.acquireUninterruptibly();
              all.add(oneVoiceNote(stores.get(me), stacks.get(me), j).whenComplete((v, e) -> {
                if (e != null) failed.incrementAndGet();
                slot.release();
              }));
            }
          }, "feeder-" + i);
          feeder.start();
          feeders.add(feeder);
        }
        for (Thread f : feeders) f.join();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long trips = stores.stream().mapToLong(PostgresStore::roundTrips).sum() - tripsBefore;
        if (failed.get() > 0) System.err.println(failed.get() + " jobs failed");
        return !print ? "" : String.format(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.1f | %d |", instances, jobs, seconds,
            jobs / seconds, (double) trips / jobs, aiml.createCount());
      } finally {
        stacks.forEach(TranscriptionStack::close);
        stores.forEach(PostgresStore::close);
      }
    }
  }

  /** A voice note's life in the store, as the Telegram adapter lives it, with the service in the middle. */
  private static CompletableFuture<Void> oneVoiceNote(PostgresStore store, TranscriptionStack stack, int n) {
    Instant now = Instant.now();
    String id = "telegram:" + (1000 + n % 300) + ":" + n;
    store.inbox().record("telegram", n, "{\"update_id\":" + n + "}", now);
    JobRecord job = JobRecord.start(id, "telegram", "{\"file_id\":\"f" + n + "\"}", "{\"chat\":1}", now);
    store.jobs().save(job);
    store.inbox().done("telegram", n, now);
    byte[] audio = ByteBuffer.allocate(12).put(new byte[] {'O', 'g', 'g', 'S'}).putLong(n).array();
    TranscriptionRequest request = TranscriptionRequest.builder(
            () -> CompletableFuture.completedFuture(new AudioSource.Bytes(audio, "voice.ogg", "audio/ogg")))
        .platformKey("telegram:U" + n).declaredDuration(Duration.ofSeconds(3))
        .requester(Requester.inPrivate("telegram", String.valueOf(1000 + n % 300)))
        .progress(new dev.voxscribe.core.transcribe.JobProgress() {
          @Override public boolean creating() {
            return store.jobs().save(job.at(JobStage.CREATING, Optional.empty(), Instant.now())).ours();
          }

          @Override public void polling(String generationId, Instant createdAt) {
            store.jobs().save(job.polling(generationId, createdAt, Instant.now()));
          }
        })
        .build();
    return stack.service().transcribe(request).thenAccept(t -> {
      store.jobs().save(job.withPlan("{\"parts\":[\"" + t.text() + "\"]}", Instant.now()));
      store.jobs().save(job.at(JobStage.DELIVERED, Optional.empty(), Instant.now()));
    });
  }
}
