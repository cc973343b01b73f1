package dev.voxscribe.benchmarks;

import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.time.Duration;

/**
 * Runs the AI/ML API stand-in on its own, to try the jar by hand without credentials:
 * {@code java -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.benchmarks.StandInServer [seconds]},
 * then point {@code AIML_API_URL} and {@code AIML_API_KEY} at what it prints. Every job answers
 * with a fixed sentence after the given processing time (default 2 s). Stop it with Ctrl-C.
 */
public final class StandInServer {
  private StandInServer() {}

  public static void main(String[] args) throws InterruptedException {
    Duration processing = Duration.ofMillis((long) (1000 * (args.length > 0 ? Double.parseDouble(args[0]) : 2)));
    FakeAimlApi fake = new FakeAimlApi();
    fake.script(upload -> JobScript.completes("This is the stand-in speaking: your "
        + upload.filename().orElse(upload.url().orElse("audio")) + " arrived with " + upload.audio().map(b -> b.length).orElse(0)
        + " bytes.").after(processing));
    System.out.println("AIML_API_URL=" + fake.baseUrl());
    System.out.println("AIML_API_KEY=" + fake.apiKey());
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    Thread.currentThread().join();
  }
}
