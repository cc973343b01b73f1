package dev.voxscribe.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.FakeTelegramApi;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap and RSS of the packaged bot while N voice notes of the same size are transcribed at once:
 * the jar runs as a child process against the Telegram and AI/ML API stand-ins of this JVM. Peak
 * heap is the largest occupancy the GC log shows before a collection; peak RSS is the kernel's
 * high-water mark ({@code VmHWM}).
 *
 * <pre>java -Xmx8g -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.benchmarks.MemoryBenchmark \
 *   --jar app/target/voxscribe.jar --jobs 1,32,100 --size-mb 19 --xmx 256m,512m</pre>
 */
public final class MemoryBenchmark {
  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private MemoryBenchmark() {}

  record Row(String jar, String xmx, int jobs, int sizeMb, int answered, int failed, long peakHeapMb, long peakRssMb,
      double seconds, String exit) {}

  public static void main(String[] args) throws Exception {
    String jar = "app/target/voxscribe.jar";
    List<Integer> jobs = List.of(1, 32, 100);
    List<String> heaps = List.of("512m");
    int sizeMb = 19;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar" -> jar = args[++i];
        case "--jobs" -> jobs = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--xmx" -> heaps = List.of(args[++i].split(","));
        case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println("| jar | -Xmx | jobs | file MB | answered | failed | peak heap MB | peak RSS MB | seconds | process |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (String xmx : heaps) {
      for (int n : jobs) {
        Row r = run(jar, xmx, n, sizeMb);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d | %.1f | %s |%n", r.jar(), r.xmx(), r.jobs(),
            r.sizeMb(), r.answered(), r.failed(), r.peakHeapMb(), r.peakRssMb(), r.seconds(), r.exit());
      }
    }
  }

  static Row run(String jar, String xmx, int jobs, int sizeMb) throws Exception {
    // The child runs in its own directory: a relative --jar is the caller's.
    jar = Path.of(jar).toAbsolutePath().toString();
    Path dir = Files.createTempDirectory("voxscribe-memory");
    try (FakeAimlApi aiml = new FakeAimlApi(); FakeTelegramApi telegram = new FakeTelegramApi()) {
      aiml.script(JobScript.completes("Heard.").after(Duration.ofSeconds(2)));
      Path gcLog = dir.resolve("gc.log");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
          "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog, "-jar", jar);
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("AIML_") || k.startsWith("VOXSCRIBE_") || k.startsWith("TELEGRAM_")
          || k.startsWith("DISCORD_"));
      pb.environment().put("AIML_API_KEY", aiml.apiKey());
      pb.environment().put("AIML_API_URL", aiml.baseUrl());
      pb.environment().put("TELEGRAM_BOT_TOKEN", telegram.token());
      pb.environment().put("TELEGRAM_API_URL", telegram.baseUrl());
      pb.environment().put("VOXSCRIBE_MAX_CONCURRENT_JOBS", Integer.toString(Math.max(32, jobs)));
      pb.environment().put("VOXSCRIBE_DATA_DIR", dir.resolve("data").toString());
      pb.environment().put("VOXSCRIBE_LOG_LEVEL", "WARN");
      Process bot = pb.start();
      try {
        long up = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (telegram.calls("getUpdates").isEmpty() && bot.isAlive() && System.nanoTime() < up) Thread.sleep(50);
        List<TgChat> chats = new ArrayList<>();
        List<ObjectNode> updates = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
          byte[] audio = new byte[sizeMb << 20];
          new Random(i).nextBytes(audio);
          System.arraycopy(new byte[] {'O', 'g', 'g', 'S'}, 0, audio, 0, 4);
          TgUser user = TgUser.person(9000 + i, "User" + i);
          TgChat chat = TgChat.privateWith(user);
          chats.add(chat);
          updates.add(telegram.message(chat, user).voice(telegram.registerFile("voice/m-" + i + ".oga", audio), 600).toUpdate());
        }
        long start = System.nanoTime();
        telegram.pushAll(updates);
        long deadline = start + TimeUnit.MINUTES.toNanos(5);
        int answered = 0;
        int failed = 0;
        while (System.nanoTime() < deadline && bot.isAlive()) {
          answered = 0;
          failed = 0;
          for (TgChat c : chats) {
            var sent = telegram.sentMessages(c.id());
            if (sent.stream().anyMatch(m -> m.text().startsWith("Heard."))) answered++;
            else if (sent.stream().anyMatch(m -> m.text().startsWith("⚠") || m.text().startsWith("⏳") || m.text().startsWith("⌛"))) failed++;
          }
          if (answered + failed == jobs) break;
          Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rss = peakRssMb(bot.pid());
        String exit = bot.isAlive() ? "alive" : "exited " + bot.exitValue();
        return new Row(Path.of(jar).getFileName().toString(), xmx, jobs, sizeMb, answered, failed, peakHeapMb(gcLog), rss,
            seconds, exit);
      } finally {
        bot.destroy();
        bot.waitFor(30, TimeUnit.SECONDS);
        bot.destroyForcibly();
      }
    }
  }

  /** The largest heap occupancy the GC log shows (the "before" of each collection). */
  static long peakHeapMb(Path gcLog) throws IOException {
    if (!Files.exists(gcLog)) return -1;
    long peak = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC.matcher(line);
      if (m.find()) peak = Math.max(peak, Long.parseLong(m.group(1)));
    }
    return peak;
  }

  static long peakRssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return -1;
  }
}
