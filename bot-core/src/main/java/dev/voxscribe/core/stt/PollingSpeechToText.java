package dev.voxscribe.core.stt;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.Transcript;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.TranscriptionOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job to its end: create (sent again only when it surely did not reach the service), then
 * poll (with retries) until final or the deadline. Nothing waits on a thread: every pause is a task
 * on the scheduler, every request is asynchronous with a timeout of the job's time left, and the
 * executors only start requests and handle their answers (so they never limit how many run).
 */
public final class PollingSpeechToText implements SpeechToText {
  private static final Logger log = LoggerFactory.getLogger(PollingSpeechToText.class);

  private final SpeechApi api;
  private final ScheduledExecutorService scheduler;
  private final Executor createIo;
  private final Executor pollIo;
  private final Clock clock;
  private final PollPolicy policy;
  private final PollPlanner planner;
  private final Backoff backoff;
  private final ProcessingTimeEstimator estimator;
  private final Metrics metrics;
  private final Set<Job> live = ConcurrentHashMap.newKeySet();
  private volatile @Nullable EstimatorPersistence persistence;

  /**
   * @param createIo starts create requests (a moment's work each: the upload itself streams in the HTTP client)
   * @param pollIo starts poll requests
   */
  public PollingSpeechToText(SpeechApi api, ScheduledExecutorService scheduler, Executor createIo, Executor pollIo,
      Clock clock, PollPolicy policy, Metrics metrics) {
    this(api, scheduler, createIo, pollIo, clock, policy, metrics, () -> ThreadLocalRandom.current().nextDouble());
  }

  PollingSpeechToText(
      SpeechApi api,
      ScheduledExecutorService scheduler,
      Executor createIo,
      Executor pollIo,
      Clock clock,
      PollPolicy policy,
      Metrics metrics,
      DoubleSupplier random) {
    this.api = api;
    this.scheduler = scheduler;
    this.createIo = createIo;
    this.pollIo = pollIo;
    this.clock = clock;
    this.policy = policy;
    this.planner = new PollPlanner(policy);
    this.estimator = new ProcessingTimeEstimator(policy.priors());
    this.backoff = new Backoff(policy, random);
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<Transcript> transcribe(
      AudioSource audio, TranscriptionOptions options, Optional<Duration> audioDuration) {
    return transcribe(audio, options, audioDuration, started -> {});
  }

  @Override
  public CompletableFuture<Transcript> transcribe(
      AudioSource audio, TranscriptionOptions options, Optional<Duration> audioDuration, Consumer<Started> onStarted) {
    return transcribe(audio, options, audioDuration, () -> {}, onStarted);
  }

  @Override
  public CompletableFuture<Transcript> transcribe(AudioSource audio, TranscriptionOptions options,
      Optional<Duration> audioDuration, Runnable whole, Consumer<Started> onStarted) {
    Job job = new Job(audio, options, audioDuration, onStarted);
    job.whole = whole;
    live.add(job);
    job.result.whenComplete((t, e) -> live.remove(job));
    job.create(1);
    return job.result;
  }

  @Override
  public CompletableFuture<Transcript> resume(Started started, TranscriptionOptions options, Optional<Duration> audioDuration) {
    Job job = new Job(null, options, audioDuration, s -> {});
    live.add(job);
    job.result.whenComplete((t, e) -> live.remove(job));
    job.resumeAt(started);
    return job.result;
  }


  /**
   * Whether a failed create surely did not reach the service, so sending it again cannot pay twice:
   * the connection failed before the request went out, or the service said 429 or 503 (it refused
   * the request without starting it). A timeout, a connection lost mid-request, a 500, 502 or 504,
   * or an unreadable 2xx may hide a job that runs (and is billed): those are never sent again.
   */
  static boolean surelyNotTaken(TranscriptionException e) {
    if (e.kind() == FailureKind.TRANSPORT) return true;
    int status = e.httpStatus().orElse(0);
    return status == 429 || status == 503;
  }

  /**
   * What has been learned of each model's processing time, to persist across restarts. Each
   * snapshot is self-contained ({@link EstimatorSnapshot#toJson()}).
   */
  public List<EstimatorSnapshot> learned() {
    return estimator.snapshots();
  }

  /** Adds what an earlier run learned ({@link #learned()}) to what this one knows. */
  public void restore(EstimatorSnapshot snapshot) {
    estimator.restore(snapshot);
  }

  /**
   * Keeps what is learned in {@code store} across restarts: restores it now, saves it a while
   * after jobs finish and at {@link #shutdown()}. Call once, before the first job.
   */
  public void persistLearning(dev.voxscribe.core.store.SnapshotStore store) {
    EstimatorPersistence p = new EstimatorPersistence(store, estimator, scheduler, clock);
    p.restore();
    persistence = p;
  }

  /**
   * Fails every job still running ("shutting down"), so no caller waits on a future that a stopped
   * scheduler will never complete. Call before shutting the executors down.
   */
  public void shutdown() {
    EstimatorPersistence p = persistence;
    if (p != null) p.save();
    for (Job job : List.copyOf(live)) {
      job.fail(new TranscriptionException(FailureKind.TRANSPORT, "shutting down", null));
    }
  }

  /** One job's state; touched by one task at a time, since each step schedules the next. */
  private final class Job {
    final CompletableFuture<Transcript> result = new CompletableFuture<>();
    /** Dropped (a spool file deleted) once created: a job may wait minutes, its upload need not stay around. */
    @Nullable AudioSource audio;
    /** One id for every attempt of this job's create, for tracing retries at the service. */
    final String requestId = UUID.randomUUID().toString();
    final TranscriptionOptions options;
    final Optional<Duration> audioDuration;
    final Instant deadline;
    final Consumer<Started> onStarted;
    /** Run (on createIo) before each create's last bytes go out. */
    Runnable whole = () -> {};
    /** Polled again after a restart: its timing includes the downtime, so the estimator does not learn from it. */
    boolean resumed;
    String generationId = "";
    Instant createdAt = Instant.EPOCH;
    @Nullable PollSchedule schedule;
    int polls;

    Job(@Nullable AudioSource audio, TranscriptionOptions options, Optional<Duration> audioDuration,
        Consumer<Started> onStarted) {
      this.audio = audio;
      this.options = options;
      this.audioDuration = audioDuration;
      this.onStarted = onStarted;
      this.deadline = clock.instant().plus(policy.jobTimeout());
    }

    void resumeAt(Started started) {
      generationId = started.generationId();
      createdAt = started.createdAt();
      resumed = true;
      PollSchedule plan = new PollSchedule(planner, estimator, policy, options.model(), audioDuration);
      schedule = plan;
      Duration elapsed = elapsed();
      Duration wait = plan.first().minus(elapsed);
      log.info("Generation {} resumed (created {} s ago)", generationId, elapsed.toSeconds());
      schedule(wait.isNegative() ? Duration.ZERO : wait, () -> poll(1));
    }

    void create(int attempt) {
      run(createIo, () -> {
        AudioSource source = audio;
        if (source == null) return; // already created: a late retry after success
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          // Never paid for a job nobody waits for any more.
          fail(new TranscriptionException(FailureKind.DEADLINE,
              "the job timeout (" + policy.jobTimeout() + ") passed before its create was sent; nothing was spent"));
          return;
        }
        metrics.create();
        api.createAsync(source, options, requestId, left, this::beforeWhole).whenComplete((status, error) -> step(() -> {
          if (error != null) {
            TranscriptionException e = TranscriptionException.from(error);
            if (surelyNotTaken(e)) {
              retryOrFail(e, attempt, () -> create(attempt + 1));
            } else {
              // It may have reached the service and be running (and billed): a second create could pay twice.
              if (e.kind().retryable()) log.warn("Not sending create {} again, the service may have taken it: {}", requestId, e.getMessage());
              fail(e);
            }
            return;
          }
          created(status);
        }));
      });
    }

    /**
     * The note that the create is about to be whole, written off the HTTP client's threads. A note
     * that fails is logged and the create still goes (the user still gets an answer); only a
     * shutdown holds it back for good.
     */
    private CompletableFuture<Void> beforeWhole() {
      return CompletableFuture.runAsync(() -> {
        try {
          whole.run();
        } catch (RuntimeException e) {
          log.warn("Noting create {} as sent failed: {}", requestId, e.toString());
        }
      }, createIo);
    }

    private void created(JobStatus status) {
      generationId = status.generationId();
      AudioSource uploaded = audio;
      audio = null;
      // The service has it now: the spool file need not wait for the result.
      if (uploaded != null) AudioSource.discard(uploaded);
      createdAt = clock.instant();
      try {
        onStarted.accept(new Started(generationId, createdAt));
      } catch (RuntimeException e) {
        log.warn("Recording generation {} failed: {}", generationId, e.toString());
      }
      PollSchedule plan = new PollSchedule(planner, estimator, policy, options.model(), audioDuration);
      schedule = plan;
      Duration first = plan.first();
      log.info("Generation {} created (model {}, {}); first poll in {} ms",
          generationId, options.model(), plan.forecast(), first.toMillis());
      if (!handle(status, Duration.ZERO)) {
        schedule(first.minus(elapsed()), () -> poll(1));
      }
    }

    void poll(int attempt) {
      run(pollIo, () -> {
        Duration left = Duration.between(clock.instant(), deadline);
        Duration sentAt = elapsed();
        metrics.poll();
        polls++;
        api.fetchAsync(generationId, left).whenComplete((status, error) -> step(() -> {
          if (error != null) {
            TranscriptionException e = TranscriptionException.from(error);
            if (e.kind().retryable() && !clock.instant().isBefore(deadline)) {
              // The poll was sent with the time left as its timeout; running out is the job's deadline, not a service fault.
              fail(notFinal(e));
              return;
            }
            retryOrFail(e, attempt, () -> poll(attempt + 1));
            return;
          }
          if (!handle(status, sentAt)) {
            PollSchedule plan = schedule;
            Duration next = plan == null ? policy.minInterval() : plan.afterPending(sentAt);
            schedule(next.minus(elapsed()), () -> poll(1));
          }
        }));
      });
    }

    /** Runs a step that completes a request, turning a bug in it into a failed job rather than a lost one. */
    private void step(Runnable step) {
      try {
        step.run();
      } catch (RuntimeException unexpected) {
        log.error("Unexpected failure in {}", what(), unexpected);
        fail(TranscriptionException.from(unexpected));
      }
    }

    /** Time since the job was created at the service (its create answer). */
    Duration elapsed() {
      return Duration.between(createdAt, clock.instant());
    }

    /**
     * @param sentAt when the request that answered {@code status} was sent, since creation
     * @return true when the status was final
     */
    boolean handle(JobStatus status, Duration sentAt) {
      if (status instanceof JobStatus.Done done) {
        Duration elapsed = elapsed();
        PollSchedule plan = schedule;
        if (plan != null && polls > 0 && !resumed) {
          plan.done(sentAt);
          EstimatorPersistence p = persistence;
          if (p != null) p.learned();
        }
        Transcript t = done.transcript();
        if (t.model().isEmpty() || t.generationId().isEmpty()) {
          t = new Transcript(t.text(), t.language(), t.audioDuration(), t.words(),
              t.generationId().isEmpty() ? generationId : t.generationId(), options.model());
        }
        log.info("Generation {} completed after {} ms and {} polls", generationId, elapsed.toMillis(), polls);
        metrics.completed();
        metrics.pollsPerJob(polls);
        result.complete(t);
        return true;
      }
      if (status instanceof JobStatus.Failed failed) {
        log.warn("Generation {} failed with status {}: {}", generationId, failed.status(), failed.message());
        fail(new TranscriptionException(FailureKind.JOB_FAILED,
            "generation " + generationId + " " + failed.status() + ": " + failed.message()));
        return true;
      }
      return false;
    }

    void retryOrFail(TranscriptionException e, int attempt, Runnable again) {
      if (!e.kind().retryable() || attempt >= policy.maxAttempts()) {
        if (e.kind().retryable()) {
          log.warn("Giving up on {} after {} attempts: {}", what(), attempt, e.getMessage());
        }
        fail(e);
        return;
      }
      Duration pause = backoff.delay(attempt, e.retryAfter());
      if (clock.instant().plus(pause).isAfter(deadline)) {
        log.warn("No time left to retry {} before the job timeout: {}", what(), e.getMessage());
        // A created job that runs out of time is late (DEADLINE); a create that could not be sent keeps its cause.
        fail(generationId.isEmpty() ? e : notFinal(e));
        return;
      }
      metrics.retry();
      log.info("Retrying {} in {} ms (attempt {} failed: {})", what(), pause.toMillis(), attempt, e.getMessage());
      schedule(pause, again);
    }

    TranscriptionException notFinal(TranscriptionException last) {
      return new TranscriptionException(FailureKind.DEADLINE,
          "generation " + generationId + " not final within " + policy.jobTimeout() + " (last poll: " + last.getMessage() + ")");
    }

    String what() {
      return generationId.isEmpty() ? "create" : "poll of generation " + generationId;
    }

    void schedule(Duration pause, Runnable step) {
      if (pause.isNegative()) pause = Duration.ZERO; // a plan's time already passed: poll now
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        fail(new TranscriptionException(FailureKind.DEADLINE,
            "generation " + generationId + " not final within " + policy.jobTimeout()));
        return;
      }
      if (pause.compareTo(left) > 0) {
        if (left.compareTo(policy.minInterval()) < 0) {
          fail(new TranscriptionException(FailureKind.DEADLINE,
              "generation " + generationId + " not final within " + policy.jobTimeout()));
          return;
        }
        // One last look at the deadline; if still pending then, the next schedule() fails it.
        pause = left;
      }
      try {
        scheduler.schedule(step, pause.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        fail(new TranscriptionException(FailureKind.TRANSPORT, "shutting down", null));
      }
    }

    void run(Executor executor, Runnable step) {
      try {
        executor.execute(() -> {
          try {
            step.run();
          } catch (RuntimeException unexpected) {
            log.error("Unexpected failure in {}", what(), unexpected);
            fail(TranscriptionException.from(unexpected));
          }
        });
      } catch (RejectedExecutionException shuttingDown) {
        fail(new TranscriptionException(FailureKind.TRANSPORT, "shutting down", null));
      }
    }

    void fail(TranscriptionException e) {
      AudioSource left = audio;
      audio = null;
      if (left != null) AudioSource.discard(left);
      result.completeExceptionally(e);
    }
  }
}
