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
      "Default: /healthz on VOXSCRIBE_METRICS_PORT and VOXSCRIBE_METRICS_BIND, read as the bot reads them (voxscribe.yml too).",
      "Exit 2 when the configuration is wrong or the port is not set."
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
      // The bot's own reading of the configuration (voxscribe.yml included), so both agree on the port.
      dev.voxscribe.config.VoxConfig config;
      try {
        config = dev.voxscribe.config.ConfigLoader.read(env.variables(), env.workingDir()).config();
      } catch (dev.voxscribe.config.ConfigException e) {
        e.problems().forEach(p -> env.err().println("Configuration error: " + dev.voxscribe.app.logging.Secrets.mask(p)));
        return 2;
      }
      if (config.metricsPort().isEmpty()) {
        env.err().println("VOXSCRIBE_METRICS_PORT is not set: the health endpoint is off (or pass --url).");
        return 2;
      }
      String bind = config.ops().metricsBind();
      // A wildcard bind answers on loopback too; a specific address is asked where it listens.
      String host = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "127.0.0.1"
          : bind.indexOf(':') >= 0 && !bind.startsWith("[") ? "[" + bind + "]" : bind;
      target = "http://" + host + ":" + config.metricsPort().get() + "/healthz";
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
