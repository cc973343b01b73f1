package dev.voxscribe.core.stt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The poll planner and estimator over the polling benchmark's workloads, in a discrete-event
 * simulation instead of over HTTP: the same {@link PollSchedule}s, estimator and planner the bot
 * runs, fed the same kind of jobs (50 a batch arriving over 10 s, two batches of warm-up for
 * "learned", a fresh estimator per job for "cold"), but every request takes a fixed simulated round
 * trip and nothing else. A run of a dozen seeds takes seconds, so a change to the planner can be
 * judged over many batches rather than on the one batch the HTTP benchmark can afford; the HTTP
 * benchmark ({@code PollingBenchmark}) stays the measurement of record.
 *
 * <p>In this package because the planner is package-private in bot-core.
 * Run: {@code java -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.core.stt.PlannerSimulation}
 * (options: {@code --seeds 12 --jobs 50 --round-trip 2ms --workloads fixed2,fixed12,fixed30,fixed60,mixed,instant,quarter-at-once}; also
 * {@code faster2}, {@code faster1.25}: warmed up on 12 s jobs, measured on the same audio done 2 or 1.25 times
 * faster, the first batch after the service sped up).
 */
public final class PlannerSimulation {
  private static final String MODEL = "#g1_whisper-large";

  private record Spec(double audio, double processing, double arrival) {}

  private record Poll(double at, int job, double sentAt) {}

  /** Added latency (ms) and polls of each job of one batch. */
  private record Batch(double[] addedMs, double[] polls) {}

  private PlannerSimulation() {}

  public static void main(String[] args) {
    int seeds = 12;
    int jobs = 50;
    double roundTrip = 0.002;
    List<String> workloads = List.of("fixed2", "fixed12", "fixed30", "fixed60", "mixed", "instant", "quarter-at-once");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> seeds = Integer.parseInt(args[++i]);
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--round-trip" -> {
          String v = args[++i].toLowerCase(Locale.ROOT);
          roundTrip = v.endsWith("ms") ? Double.parseDouble(v.substring(0, v.length() - 2)) / 1000
              : Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
        }
        case "--workloads" -> workloads = Arrays.stream(args[++i].split(",")).map(String::strip).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    PollPolicy policy = PollPolicy.defaults(Duration.ofMinutes(10));
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "Planner simulation: %d seeds × %d jobs, round trip %.0f ms; learned: mean over seeds (worst seed)%n%n",
        seeds, jobs, roundTrip * 1000));
    out.append("| workload | learned added mean ms | learned p95 ms | learned polls/job | cold added mean ms | cold polls/job | cold added ÷ processing |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (String w : workloads) {
      double mean = 0, worstMean = 0, p95 = 0, worstP95 = 0, polls = 0, worstPolls = 0, coldMean = 0, coldPolls = 0, share = 0;
      for (int seed = 1; seed <= seeds; seed++) {
        Random random = new Random(seed * 7919L + w.hashCode());
        List<Spec> measured = specs(w, jobs, random);
        // A service that got faster: warmed up on 12 s jobs, measured on the same audio done in less.
        List<Spec> warmUp = specs(w.startsWith("faster") ? "fixed12" : w, 2 * jobs, random);
        ProcessingTimeEstimator learned = new ProcessingTimeEstimator(policy.priors());
        run(warmUp.subList(0, jobs), learned, policy, roundTrip);
        run(warmUp.subList(jobs, 2 * jobs), learned, policy, roundTrip);
        Batch b = run(measured, learned, policy, roundTrip);
        double m = average(b.addedMs()), q = percentile(b.addedMs(), 95), p = average(b.polls());
        mean += m;
        p95 += q;
        polls += p;
        worstMean = Math.max(worstMean, m);
        worstP95 = Math.max(worstP95, q);
        worstPolls = Math.max(worstPolls, p);
        double cm = 0, cp = 0, cs = 0;
        for (Spec spec : measured) {
          Batch one = run(List.of(spec), new ProcessingTimeEstimator(policy.priors()), policy, roundTrip);
          cm += one.addedMs()[0];
          cp += one.polls()[0];
          if (spec.processing() > 0) cs += one.addedMs()[0] / 1000 / spec.processing();
        }
        coldMean += cm / measured.size();
        coldPolls += cp / measured.size();
        share += cs / measured.size();
      }
      boolean instant = w.equals("instant") || w.equals("quarter-at-once");
      out.append(String.format(Locale.ROOT, "| %s | %.0f (%.0f) | %.0f (%.0f) | %.2f (%.2f) | %.0f | %.2f | %s |%n",
          w, mean / seeds, worstMean, p95 / seeds, worstP95, polls / seeds, worstPolls, coldMean / seeds, coldPolls / seeds,
          instant ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * share / seeds)));
    }
    System.out.println(out);
  }

  /** The polling benchmark's workloads (see {@code PollingBenchmark}). */
  private static List<Spec> specs(String w, int n, Random random) {
    List<Spec> specs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (w.equals("mixed")) {
        double audio = Math.exp(Math.log(3) + random.nextDouble() * Math.log(60));
        specs.add(new Spec(audio, (1 + 0.1 * audio) * (0.7 + 0.6 * random.nextDouble()), 10 * random.nextDouble()));
      } else if (w.equals("instant")) {
        specs.add(new Spec(1, 0, 10 * random.nextDouble()));
      } else if (w.equals("quarter-at-once")) {
        // 12 s ± 10 %, but a quarter of the results ready at once (cached at the service): not in the HTTP benchmark
        boolean quick = random.nextDouble() < 0.25;
        specs.add(new Spec(110, quick ? 0 : 12 * (0.9 + 0.2 * random.nextDouble()), 10 * random.nextDouble()));
      } else if (w.startsWith("faster")) {
        double factor = Double.parseDouble(w.substring("faster".length()));
        specs.add(new Spec(110, 12 / factor * (0.9 + 0.2 * random.nextDouble()), 10 * random.nextDouble()));
      } else if (w.startsWith("fixed")) {
        double seconds = Double.parseDouble(w.substring("fixed".length()));
        double audio = Math.max(1, (seconds - 1) / 0.1);
        specs.add(new Spec(audio, seconds * (0.9 + 0.2 * random.nextDouble()), 10 * random.nextDouble()));
      } else {
        throw new IllegalArgumentException("unknown workload " + w);
      }
    }
    return specs;
  }

  /**
   * One batch: each job is created half a round trip after it arrives (the service starts then), its
   * schedule made when the create answers; a poll reaches the service half a round trip after it is
   * sent and answers half a round trip later. Added latency: answer minus ready at the service.
   */
  private static Batch run(List<Spec> specs, ProcessingTimeEstimator estimator, PollPolicy policy, double roundTrip) {
    PollPlanner planner = new PollPlanner(policy);
    int n = specs.size();
    PollSchedule[] schedules = new PollSchedule[n];
    double[] started = new double[n]; // at the service
    double[] created = new double[n]; // create answered
    double[] added = new double[n];
    double[] polls = new double[n];
    Integer[] byArrival = new Integer[n];
    for (int i = 0; i < n; i++) byArrival[i] = i;
    Arrays.sort(byArrival, Comparator.comparingDouble(i -> specs.get(i).arrival()));
    PriorityQueue<Poll> queue = new PriorityQueue<>(Comparator.comparingDouble(Poll::at));
    int next = 0;
    while (next < n || !queue.isEmpty()) {
      if (next < n && (queue.isEmpty() || specs.get(byArrival[next]).arrival() + roundTrip <= queue.peek().at())) {
        int i = byArrival[next++];
        Spec spec = specs.get(i);
        started[i] = spec.arrival() + roundTrip / 2;
        created[i] = spec.arrival() + roundTrip;
        schedules[i] = new PollSchedule(planner, estimator, policy, MODEL, Optional.of(seconds(spec.audio())));
        double first = seconds(schedules[i].first());
        queue.add(new Poll(created[i] + first + roundTrip / 2, i, first));
        continue;
      }
      Poll poll = queue.poll();
      int i = poll.job();
      polls[i]++;
      Spec spec = specs.get(i);
      if (poll.at() - started[i] >= spec.processing()) {
        added[i] = (poll.at() + roundTrip / 2 - (started[i] + spec.processing())) * 1000;
        schedules[i].done(seconds(poll.sentAt()));
      } else {
        double answered = poll.at() + roundTrip / 2 - created[i];
        double send = Math.max(seconds(schedules[i].afterPending(seconds(poll.sentAt()))), answered);
        queue.add(new Poll(created[i] + send + roundTrip / 2, i, send));
      }
    }
    return new Batch(added, polls);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static double average(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }

  private static double percentile(double[] x, int p) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
  }
}
