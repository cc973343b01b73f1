package dev.voxscribe.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar in bot mode, started and stopped as a process manager does: SIGTERM for a deploy,
 * SIGKILL for a crash or an OOM kill. The stand-ins live in the test's JVM, so they outlive it.
 */
final class BotProcess {
  private final Path dir;
  private final Map<String, String> env;
  private int runs;
  private Process process;

  BotProcess(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = Map.copyOf(env);
  }

  BotProcess start() throws IOException {
    String jar = System.getProperty("voxscribe.jar", "target/voxscribe.jar");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
        .directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AIML_") || k.startsWith("VOXSCRIBE_")
        || k.startsWith("TELEGRAM_") || k.startsWith("DISCORD_"));
    pb.environment().putAll(env);
    runs++;
    process = pb.redirectOutput(log("out").toFile()).redirectError(log("err").toFile()).start();
    return this;
  }

  private Path log(String stream) {
    return dir.resolve("bot-" + runs + "-" + stream + ".txt");
  }

  /** SIGKILL: nothing runs on the way out. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("the bot did not die on SIGKILL");
  }

  /** SIGTERM, then the exit code once it is gone. */
  int term(long seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the bot did not exit within " + seconds + " s of SIGTERM; log:\n" + logs());
    }
    return process.exitValue();
  }

  void stopQuietly() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The output of the current run. */
  String lastRunLog() {
    try {
      return Files.readString(log("out"), StandardCharsets.UTF_8) + Files.readString(log("err"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Every run's output so far, in order. */
  String logs() {
    List<String> parts = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      for (String stream : new String[] {"out", "err"}) {
        Path p = dir.resolve("bot-" + i + "-" + stream + ".txt");
        try {
          if (Files.exists(p)) parts.add("--- run " + i + " " + stream + "\n" + Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
          parts.add("(unreadable " + p + ")");
        }
      }
    }
    return String.join("\n", parts);
  }
}
