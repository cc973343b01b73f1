package dev.voxscribe.telegram;

import dev.voxscribe.config.TelegramConfig;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.store.Inbox;
import dev.voxscribe.core.store.JobRecord;
import dev.voxscribe.core.store.SqliteStore;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.transcribe.CachePolicy;
import dev.voxscribe.core.transcribe.TranscriptionLimits;
import dev.voxscribe.core.transcribe.TranscriptionStack;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * What durability costs (issue 8). Two parts:
 *
 * <ol>
 *   <li><b>The store alone</b>: updates recorded per second (the one write on the poll loop's path,
 *       then its "done"), and the whole bookkeeping of one voice note (update in and done, the job's
 *       six stage writes), per second and per write (p50/p95), on a SQLite file.
 *   <li><b>Through the bot</b>: the real Telegram adapter (TelegramBots, long polling) and the real
 *       speech stack against the stand-ins, fed voice notes at a fixed rate from many chats; each
 *       job is ready at the service at once. The latency is from the update being queued at the
 *       stand-in to the answer being sent, with the store off (settings only, as before issue 8)
 *       and on (every update and job kept, transcripts and generations in the store).
 * </ol>
 *
 * <pre>java -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.telegram.DurabilityBenchmark [notes per second] [seconds]</pre>
 */
public final class DurabilityBenchmark {
  private DurabilityBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    storeAlone(20_000);
    System.out.println();
    System.out.println("| store | notes/s offered | notes | answered | added latency p50 ms | p95 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    // Warm-up of the JIT, one run of each, not printed: the first runs measured the JIT, not the store.
    throughTheBot(false, rate, seconds);
    throughTheBot(true, rate, seconds);
    for (boolean keeping : new boolean[] {false, true, false, true}) {
      System.out.println(throughTheBot(keeping, rate, seconds));
    }
  }

  private static void storeAlone(int n) throws Exception {
    Path dir = Files.createTempDirectory("voxscribe-durability");
    try (SqliteStore store = SqliteStore.open(dir)) {
      Inbox inbox = store.inbox();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        inbox.record("telegram", i, "{\"update_id\":" + i + ",\"message\":{\"message_id\":1}}", Instant.now());
        inbox.done("telegram", i, Instant.now());
      }
      double updatesPerSecond = n / ((System.nanoTime() - t0) / 1e9);

      // One voice note's bookkeeping: its update in and done, the job's stages.
      int notes = n / 4;
      long[] writes = new long[notes * 8];
      int w = 0;
      long t1 = System.nanoTime();
      for (int i = 0; i < notes; i++) {
        long u = n + i;
        long s = System.nanoTime();
        inbox.record("telegram", u, "{\"update_id\":" + u + "}", Instant.now());
        writes[w++] = System.nanoTime() - s;
        Instant now = Instant.now();
        JobRecord job = JobRecord.start("telegram:42:" + i, "telegram", "{\"file_id\":\"f" + i + "\"}",
            "{\"chat_id\":42,\"message_id\":" + i + "}", now);
        for (JobRecord step : List.of(job, job.at(dev.voxscribe.core.store.JobStage.CREATING, Optional.empty(), now),
            job.polling("gen-" + i, now, now), job.polling("gen-" + i, now, now).withPlan("{\"messages\":[\"text\"]}", now),
            job.polling("gen-" + i, now, now).at(dev.voxscribe.core.store.JobStage.DELIVERED, Optional.empty(), now))) {
          s = System.nanoTime();
          store.jobs().save(step);
          writes[w++] = System.nanoTime() - s;
        }
        s = System.nanoTime();
        inbox.done("telegram", u, now);
        writes[w++] = System.nanoTime() - s;
      }
      double notesPerSecond = notes / ((System.nanoTime() - t1) / 1e9);
      long[] used = java.util.Arrays.copyOf(writes, w);
      java.util.Arrays.sort(used);

      // The note written before a create's last bytes go out, under the audio's content key and its
      // platform key: the one store write that sits on the create's path (the upload waits for it).
      long[] sentNotes = new long[notes];
      for (int i = 0; i < notes; i++) {
        var note = dev.voxscribe.core.store.GenerationStore.Generation.sentUnanswered("req-" + i, Instant.now());
        long s = System.nanoTime();
        store.generations().put("sha256:" + i + "|#g1_whisper-large|auto|0", note);
        store.generations().put("platform:telegram:F" + i + "|#g1_whisper-large|auto|0", note);
        sentNotes[i] = System.nanoTime() - s;
      }
      java.util.Arrays.sort(sentNotes);
      System.out.println("| store alone (SQLite, WAL, synchronous=NORMAL) | value |");
      System.out.println("|---|---:|");
      System.out.printf(Locale.ROOT, "| updates recorded and marked done per second | %.0f |%n", updatesPerSecond);
      System.out.printf(Locale.ROOT, "| voice notes' whole bookkeeping per second (7 writes each) | %.0f |%n", notesPerSecond);
      System.out.printf(Locale.ROOT, "| one write, p50 / p95 µs | %.0f / %.0f |%n", used[used.length / 2] / 1e3,
          used[(int) (used.length * 0.95)] / 1e3);
      System.out.printf(Locale.ROOT, "| the note before a create's last bytes (2 keys), p50 / p95 µs | %.0f / %.0f |%n",
          sentNotes[notes / 2] / 1e3, sentNotes[(int) (notes * 0.95)] / 1e3);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String throughTheBot(boolean keeping, int rate, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("voxscribe-durability");
    int notes = rate * seconds;
    try (FakeTelegramApi tg = new FakeTelegramApi(); FakeAimlApi aiml = new FakeAimlApi()) {
      aiml.script(JobScript.completes("Benchmarked.").afterPolls(0));
      SqliteStore store = SqliteStore.open(dir);
      TranscriptionLimits limits = new TranscriptionLimits(20L << 20, Duration.ofMinutes(20), 64, 100_000);
      AimlApiSettings api = new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey());
      CachePolicy cache = new CachePolicy(Duration.ofHours(1), 100_000);
      TranscriptionStack stack = keeping
          ? TranscriptionStack.start(api, TranscriptionOptions.of("#g1_whisper-large"), limits, cache,
              TranscriptionStack.fastPolls(Duration.ofSeconds(60)), store)
          : TranscriptionStack.start(api, TranscriptionOptions.of("#g1_whisper-large"), limits, cache,
              TranscriptionStack.fastPolls(Duration.ofSeconds(60)));
      TelegramConfig config = new TelegramConfig(Optional.of(tg.token()), URI.create(tg.baseUrl()), Optional.empty(),
          8443, Optional.empty(), true, Optional.empty(), Optional.empty());
      Tuning tuning = Tuning.defaults().withPollTimeout(Duration.ofSeconds(10));
      TelegramPlatform bot = keeping
          ? new TelegramPlatform(config, stack.service(), store, stack.metrics(), tuning)
          : new TelegramPlatform(config, stack.service(), store.settings(), store.undecodable(), stack.metrics(), tuning);
      bot.start();
      try {
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        java.util.concurrent.ConcurrentLinkedQueue<TgChat> sent = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        // Watched from the first note on (not from the last one: an answer that came while notes were
        // still being sent counts its own latency): the moment it is first seen at the stand-in.
        Thread watcher = new Thread(() -> {
          long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos() + Duration.ofSeconds(seconds).toNanos();
          List<TgChat> waiting = new ArrayList<>();
          int seen = 0;
          while (seen < notes && System.nanoTime() < deadline) {
            for (TgChat c; (c = sent.poll()) != null; ) waiting.add(c);
            long now = System.nanoTime();
            int before = waiting.size();
            waiting.removeIf(chat -> {
              boolean done = tg.sentMessages(chat.id()).stream().anyMatch(m -> m.text().startsWith("Benchmarked."));
              if (done) latencies.add((now - sentAt.get(chat.id())) / 1e6);
              return done;
            });
            seen += before - waiting.size();
            LockSupport.parkNanos(2_000_000);
          }
        }, "benchmark-watcher");
        watcher.start();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < notes; i++) {
          LockSupport.parkNanos(Math.max(0, start + i * period - System.nanoTime()));
          TgUser user = TgUser.person(100_000 + i, "U" + i);
          TgChat chat = TgChat.privateWith(user);
          var file = tg.registerFile("voice/" + i + ".oga", ("OggS\0\2durability:" + keeping + ":" + i).getBytes(StandardCharsets.ISO_8859_1));
          sentAt.put(chat.id(), System.nanoTime());
          tg.message(chat, user).voice(file, 2).send();
          sent.add(chat);
        }
        watcher.join();
        latencies.sort(null);
        double p50 = latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() / 2);
        double p95 = latencies.isEmpty() ? Double.NaN : latencies.get((int) Math.min(latencies.size() - 1, latencies.size() * 0.95));
        double max = latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1);
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.0f | %.0f |", keeping ? "on" : "off", rate, notes,
            latencies.size(), p50, p95, max);
      } finally {
        bot.close();
        stack.close();
        store.close();
      }
    }
  }
}
