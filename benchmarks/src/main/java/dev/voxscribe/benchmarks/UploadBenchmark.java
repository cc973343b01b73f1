package dev.voxscribe.benchmarks;

import dev.voxscribe.core.AudioSource;
import dev.voxscribe.core.TranscriptionOptions;
import dev.voxscribe.core.stt.AimlApiSettings;
import dev.voxscribe.core.stt.AimlSpeechApi;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import dev.voxscribe.testing.aiml.JobScript;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * N creates of M MB at once from spool files through {@link AimlSpeechApi} to the AI/ML API
 * stand-in, with the production connect timeout and a request timeout far beyond the run: every
 * create should succeed, and any failure is one the bot would report as "having trouble".
 *
 * <pre>java -Xmx6g -cp benchmarks/target/voxscribe-benchmarks.jar dev.voxscribe.benchmarks.UploadBenchmark 100 19</pre>
 */
public final class UploadBenchmark {
  private UploadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int mb = args.length > 1 ? Integer.parseInt(args[1]) : 19;
    Path dir = Files.createTempDirectory("voxscribe-uploads");
    List<Path> files = new ArrayList<>();
    try (FakeAimlApi aiml = new FakeAimlApi()) {
      aiml.script(JobScript.completes("Heard."));
      byte[] data = new byte[mb << 20];
      for (int i = 0; i < n; i++) {
        new Random(i).nextBytes(data);
        System.arraycopy(new byte[] {'O', 'g', 'g', 'S'}, 0, data, 0, 4);
        files.add(Files.write(dir.resolve("upload-" + i + ".ogg"), data));
      }
      AimlApiSettings settings = new AimlApiSettings(URI.create(aiml.baseUrl()), aiml.apiKey());
      try (AimlSpeechApi api = new AimlSpeechApi(settings, Clock.systemUTC())) {
        long start = System.nanoTime();
        List<CompletableFuture<String>> creates = new ArrayList<>();
        for (Path f : files) {
          AudioSource audio = new AudioSource.Spooled(f, Files.size(f), "-", f.getFileName().toString(), "audio/ogg");
          creates.add(api.createAsync(audio, TranscriptionOptions.of("#g1_whisper-large"), UUID.randomUUID().toString(),
              Duration.ofMinutes(10)).handle((ok, e) -> e == null ? "created" : e.getMessage()));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<String> c : creates) outcomes.merge(c.join(), 1, Integer::sum);
        System.out.printf(Locale.ROOT, "%d creates of %d MB, connect timeout %d s: %s in %.1f s%n", n, mb,
            settings.connectTimeout().toSeconds(), outcomes, (System.nanoTime() - start) / 1e9);
      }
    } finally {
      for (Path f : files) Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    }
  }
}
