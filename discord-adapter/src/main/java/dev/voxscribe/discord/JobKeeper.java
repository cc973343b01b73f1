package dev.voxscribe.discord;

import dev.voxscribe.core.transcribe.JobProgress;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.JobStage;
import dev.voxscribe.core.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Discord jobs in the store: each one is recorded before its work starts, off the gateway
 * thread, and marked delivered or failed once answered. After a stop, jobs still running are left
 * as they are, for the next start to resume.
 */
final class JobKeeper {
  private static final Logger log = LoggerFactory.getLogger(JobKeeper.class);

  private final JobStore jobs;
  private final Clock clock;
  private final Executor executor;
  private volatile boolean taking = true;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  JobKeeper(JobStore jobs, Clock clock, Executor executor) {
    this.jobs = jobs;
    this.clock = clock;
    this.executor = executor;
  }

  Clock clock() {
    return clock;
  }

  /** A keeper that keeps nothing and runs work at once (tests of other parts, no store). */
  static JobKeeper none() {
    return new JobKeeper(JobStore.NONE, Clock.systemUTC(), Runnable::run);
  }

  /**
   * A job's record, kept up to date in the store as it moves on: each attachment's create and the
   * generation the service gave it, so a restart polls that generation instead of creating again.
   */
  final class Tracked {
    private JobRecord record;
    /** Set once a save found the job another instance's: from then on this one writes and sends nothing. */
    private boolean takenOver;

    Tracked(JobRecord record) {
      this.record = record;
    }

    synchronized JobRecord record() {
      return record;
    }

    /** Writes the change; false when the job is no longer this instance's (a store failure is not that). */
    private boolean update(UnaryOperator<JobRecord> change) {
      return update(change, "Job {} was taken over by another instance; not answering");
    }

    private synchronized boolean update(UnaryOperator<JobRecord> change, String takenOverLine) {
      if (takenOver) return false;
      record = change.apply(record);
      if (jobs.save(record).ours()) return true;
      takenOver = true;
      log.info(takenOverLine, record.id());
      return false;
    }

    /**
     * Just before the answer goes out: false when another instance took the job over (this one was
     * presumed dead, paused past its lease), which answers it; then nothing is sent from here.
     */
    boolean delivering() {
      return update(r -> r.at(JobStage.DELIVERING, Optional.empty(), clock.instant()));
    }

    /** What the service tells about {@code attachment}'s job, written to the record. */
    JobProgress progress(AttachmentRef attachment) {
      return new JobProgress() {
        @Override
        public boolean creating() {
          return update(r -> r.stage() == JobStage.POLLING ? r : r.at(JobStage.CREATING, Optional.empty(), clock.instant()));
        }

        @Override
        public void polling(String generationId, Instant createdAt) {
          update(r -> DiscordJobs.withGeneration(r, attachment.id(), generationId, createdAt, clock.instant())
              .polling(generationId, createdAt, clock.instant()));
        }
      };
    }
  }

  /**
   * Records {@code job}, then runs {@code work} (which answers the user), both on the keeper's thread;
   * a job whose id is already in the store is not run again.
   */
  void run(JobRecord job, Function<Tracked, CompletableFuture<?>> work) {
    if (!taking) {
      log.info("Stopping: job {} not taken", job.id());
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight.add(done);
    done.whenComplete((v, e) -> inFlight.remove(done));
    try {
      executor.execute(() -> {
        // One job per message: the live event and a catch-up read that raced it both ask for the
        // same voice message; whichever comes second finds the first one's record (same thread).
        if (jobs.find(job.id()).isPresent()) {
          log.info("Job {} is already kept; not run twice", job.id());
          done.complete(null);
          return;
        }
        if (!jobs.save(job).ours()) {
          log.info("Job {} was taken over by another instance; not answering", job.id());
          done.complete(null);
          return;
        }
        follow(new Tracked(job), work, done);
      });
    } catch (RejectedExecutionException stopped) {
      done.complete(null);
    }
  }

  /** Runs {@code work} for a job already in the store (resumed after a restart). */
  void resume(JobRecord job, Function<Tracked, CompletableFuture<?>> work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight.add(done);
    done.whenComplete((v, e) -> inFlight.remove(done));
    follow(new Tracked(job), work, done);
  }

  private void follow(Tracked job, Function<Tracked, CompletableFuture<?>> work, CompletableFuture<Void> done) {
    CompletableFuture<?> answered;
    try {
      answered = work.apply(job);
    } catch (RuntimeException e) {
      answered = CompletableFuture.failedFuture(e);
    }
    answered.whenComplete((v, e) -> {
      if (stopping) {
        log.info("Job {} is left in the store for the next start", job.record().id());
      } else {
        job.update(r -> r.at(e == null ? JobStage.DELIVERED : JobStage.FAILED, Optional.empty(), clock.instant()),
            "Job {} was taken over by another instance while this one answered it");
      }
      done.complete(null);
    });
  }

  List<JobRecord> unfinished() {
    return jobs.unfinished(DiscordJobs.PLATFORM);
  }

  /** The jobs of an instance that stopped renewing their leases, now this one's; none once stopping. */
  List<JobRecord> takeOver() {
    if (!taking) return List.of();
    List<JobRecord> lapsed = jobs.takeOver(DiscordJobs.PLATFORM);
    for (JobRecord job : lapsed) {
      log.info("Job {} was left by an instance that stopped ({}); resuming it here", job.id(), job.stage());
    }
    return lapsed;
  }

  void dropped(JobRecord job) {
    jobs.save(job.at(JobStage.FAILED, Optional.empty(), clock.instant()));
  }

  /** The first step of a graceful stop: no new job is taken. */
  void stopTaking() {
    taking = false;
  }

  /** Runs {@code task} on the keeper's thread (resuming jobs after a restart). */
  void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException stopped) {
      // stopping: the jobs stay in the store
    }
  }

  /** From now on, a job ended by the shutdown stays in the store unanswered. */
  void stop() {
    stopping = true;
  }

  boolean awaitIdle(Duration grace) {
    return dev.voxscribe.core.transcribe.ShutdownGrace.await(inFlight, grace, "Discord jobs");
  }

}
