package dev.voxscribe.app;

import dev.voxscribe.app.logging.Secrets;
import dev.voxscribe.config.StorageConfig;
import dev.voxscribe.config.VoxConfig;
import dev.voxscribe.core.Health;
import dev.voxscribe.core.Platform;
import dev.voxscribe.core.store.Instance;
import dev.voxscribe.core.store.PostgresStore;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.store.Store;
import dev.voxscribe.core.stt.AimlAccountApi;
import dev.voxscribe.core.stt.KeyMonitor;
import dev.voxscribe.core.transcribe.AudioSpool;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.voxscribe.core.extras.TranscriptExtras;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** With no sub-command: start every platform whose token is set and run until stopped. */
@Command(
    name = "java -jar voxscribe.jar",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Voice-to-text bot for Telegram and Discord, on the AI/ML API speech-to-text service.",
      "Without a command, starts every platform whose token is set (TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN).",
      "Configuration: environment variables over an optional voxscribe.yml (see the README)."
    },
    subcommands = {TranscribeCommand.class, ConfigCommand.class, HealthCommand.class})
final class BotCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(BotCommand.class);
  /** Set once the JVM is stopping: {@link Main} must not call {@code System.exit} from then on. */
  static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();

  private final Environment env;
  private final CountDownLatch stopped = new CountDownLatch(1);

  BotCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    java.util.Optional<VoxConfig> loaded = Wiring.config(env);
    if (loaded.isEmpty()) return 2;
    VoxConfig config = loaded.get();
    if (!config.telegram().enabled() && !config.discord().enabled()) {
      env.err().println(CliMessages.NO_PLATFORM);
      return 2;
    }
    if (config.speech().apiKey().isEmpty()) {
      env.err().println(CliMessages.NO_KEY);
      return 2;
    }
    Running running;
    try {
      running = start(config);
    } catch (RuntimeException e) {
      env.err().println("Could not start: " + Secrets.mask(String.valueOf(e.getMessage())));
      log.debug("Start failure", e);
      return 1;
    }
    if (running.platforms().isEmpty()) {
      running.close();
      env.err().println("No platform could start; see the log above.");
      return 1;
    }
    Duration grace = config.durability().shutdownGrace();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      SHUTTING_DOWN.set(true);
      log.info("Stopping: no new work; up to {} s (VOXSCRIBE_SHUTDOWN_GRACE) for the jobs in flight", grace.toSeconds());
      running.stopGracefully(grace);
      stopped.countDown();
      log.info("Stopped");
      System.out.flush();
      System.err.flush();
      // A clean stop on SIGTERM is a success: without this the JVM exits 143, which systemd and
      // Kubernetes count as a failure. Reached only when everything above closed without throwing;
      // the jobs still waiting are in the store for the next start.
      Runtime.getRuntime().halt(0);
    }, "voxscribe-shutdown"));
    log.info("VoxScribe {} running: {} ({} CPUs, {} MB max heap, async pool of {})", VersionProvider.version(),
        running.platforms().stream().map(Platform::name).toList(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, dev.voxscribe.core.AsyncPool.parallelism());
    stopped.await();
    return 0;
  }

  /** Everything a running bot owns, closed in reverse order of creation. */
  record Running(Store store, TranscriptionStack stack, Observability observability, KeyMonitor keys,
      ExecutorService keyThread, MetricsServer metrics, List<Platform> platforms,
      Optional<TranscriptExtras> extras) implements AutoCloseable {
    /** Stops taking work everywhere, gives the jobs in flight {@code grace} to be answered, then closes. */
    void stopGracefully(Duration grace) {
      for (Platform p : platforms) {
        try {
          p.stopTaking();
        } catch (RuntimeException e) {
          log.warn("Stopping {} from taking work failed: {}", p.name(), e.toString());
        }
      }
      long deadline = System.nanoTime() + grace.toNanos();
      for (Platform p : platforms) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        try {
          p.awaitIdle(left);
        } catch (RuntimeException e) {
          log.warn("Waiting for the jobs of {} failed: {}", p.name(), e.toString());
        }
      }
      close();
    }

    @Override
    public void close() {
      for (int i = platforms.size() - 1; i >= 0; i--) {
        Platform p = platforms.get(i);
        try {
          p.close();
        } catch (RuntimeException e) {
          log.warn("Stopping {} failed: {}", p.name(), e.toString());
        }
      }
      metrics.close();
      keys.close();
      keyThread.shutdownNow();
      extras.ifPresent(TranscriptExtras::close);
      stack.close();
      observability.close();
      store.close();
    }
  }

  /** PostgreSQL when {@code VOXSCRIBE_DATABASE_URL} is set (several instances may share it), else the SQLite file. */
  static Store openStore(StorageConfig storage) {
    if (storage.database().isEmpty()) return SqliteStore.open(storage.dataDir());
    StorageConfig.Database db = storage.database().get();
    Instance instance = new Instance(InstanceId.of(storage.dataDir()), storage.lease(), java.time.Clock.systemUTC());
    Store store = PostgresStore.open(db.url(), db.user(), db.password(), instance);
    log.info("Store in {}, as instance {} (lease {} s)", store.location(), instance.id(), storage.lease().toSeconds());
    return store;
  }

  /** How long each pool has to run a no-op task before {@code /healthz} calls it wedged. */
  static final Duration LIVENESS_BOUND = Duration.ofSeconds(2);

  static Running start(VoxConfig config) {
    Store store = openStore(config.storage());
    TranscriptionStack stack;
    try {
      stack = Wiring.stack(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      // Only the bot spools under VOXSCRIBE_DATA_DIR (and empties it at start): a `transcribe` run beside it must not.
      stack.spoolingTo(AudioSpool.open(config.storage().dataDir().resolve("spool")));
    } catch (RuntimeException e) {
      stack.close();
      store.close();
      throw e;
    }
    stack.persistLearning(store.snapshots()); // a restart polls as well as before it, not from the priors
    Observability observability = new Observability();
    stack.metrics().publishTo(observability.registry());
    ExecutorService keyThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "voxscribe-key-check");
      t.setDaemon(true);
      return t;
    });
    KeyMonitor keys = new KeyMonitor(new AimlAccountApi(Wiring.apiSettings(config), keyThread), stack.scheduler(),
        config.ops().keyCheckInterval(), BigDecimal.valueOf(config.ops().lowBalance()));
    List<Platform> configured = new CopyOnWriteArrayList<>();
    MetricsServer metrics;
    try {
      keys.start();
      metrics = MetricsServer.start(config.metricsPort(), config.ops().metricsBind(), observability.registry(),
          new MetricsServer.Probes(() -> stack.probe(LIVENESS_BOUND), () -> readiness(configured, keys)));
    } catch (RuntimeException e) {
      keys.close();
      keyThread.shutdownNow();
      stack.close();
      observability.close();
      store.close();
      throw e;
    }
    Optional<TranscriptExtras> extras = Wiring.extras(config, store.extras(), stack.service().spending());
    if (extras.isPresent()) {
      // Kept transcripts and their summaries go when they expire, like the transcripts themselves.
      stack.scheduler().scheduleWithFixedDelay(() -> {
        try {
          int purged = store.extras().purge(java.time.Instant.now());
          if (purged > 0) log.debug("Purged {} expired kept transcripts and results", purged);
        } catch (RuntimeException e) {
          log.warn("Purging expired kept transcripts failed: {}", e.toString());
        }
      }, 0, 1, java.util.concurrent.TimeUnit.HOURS);
    }
    List<Platform> started = new ArrayList<>();
    for (Platform p : Platforms.create(config, stack.service(), store, stack.metrics(), extras,
        store.leadership(config.storage().lease()))) {
      configured.add(p);
      try {
        p.start();
        started.add(p);
        log.info("{} started", p.name());
      } catch (Exception e) {
        log.error("{} could not start: {}", p.name(), Secrets.mask(String.valueOf(e.getMessage())));
        p.close();
      }
    }
    return new Running(store, stack, observability, keys, keyThread, metrics, started, extras);
  }

  /** Every configured platform (a failed one stays, reporting why) and the speech service. */
  static Map<String, Health> readiness(List<Platform> platforms, KeyMonitor keys) {
    Map<String, Health> components = new LinkedHashMap<>();
    for (Platform p : platforms) components.put(p.name(), p.health());
    components.put("speech", keys.health());
    return components;
  }
}
