package dev.voxscribe.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar voxscribe.jar health}: asks a running bot's {@code /healthz} (or {@code /readyz}),
 * exit 0 when it answers 200. For container health checks on images without curl or wget.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Ask a running bot whether it is healthy: exit 0 on HTTP 200 from its health endpoint, 1 otherwise.",
      "Default: http://127.0.0.1:$VOXSCRIBE_METRICS_PORT/healthz."
    })
final class HealthCommand implements Callable<Integer> {
  @Option(names = "--url", paramLabel = "URL", description = "The endpoint to ask (default: /healthz on VOXSCRIBE_METRICS_PORT).")
  String url = "";

  private final Environment env;

  HealthCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    String target = url;
    if (target.isEmpty()) {
      String port = env.variables().getOrDefault("VOXSCRIBE_METRICS_PORT", "");
      if (!port.matches("\\d{1,5}")) {
        env.err().println("VOXSCRIBE_METRICS_PORT is not set: the health endpoint is off (or pass --url).");
        return 2;
      }
      target = "http://127.0.0.1:" + port + "/healthz";
    }
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      env.out().print(answer.body());
      return answer.statusCode() == 200 ? 0 : 1;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      env.err().println("No answer from " + target + ": " + e.getClass().getSimpleName());
      return 1;
    }
  }
}
