package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every series the Grafana dashboard in deploy/ queries exists on the metrics page. */
class DashboardTest {
  private static final Pattern SERIES = Pattern.compile("\\b((?:voxscribe|jvm|process)_[a-z_]+)");

  @Test
  void everyQueriedSeriesIsServed() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("..", "deploy", "grafana-dashboard.json")));
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher m = SERIES.matcher(target.get("expr").asText());
        while (m.find()) queried.add(m.group(1));
      }
    }
    assertThat(queried).hasSizeGreaterThan(10);

    try (Observability observability = new Observability()) {
      Metrics metrics = new Metrics();
      metrics.publishTo(observability.registry());
      metrics.request("telegram");
      metrics.create();
      metrics.retry();
      metrics.cacheHit("telegram");
      metrics.failure("telegram", FailureKind.TRANSPORT);
      metrics.timeToTranscript("telegram", Duration.ofSeconds(2));
      metrics.queueWait(Duration.ZERO);
      metrics.pollsPerJob(2);
      metrics.delivery("telegram").sent();
      Set<String> served = new TreeSet<>();
      PrometheusText.parse(observability.registry().scrape()).values()
          .forEach(f -> f.samples().forEach(s -> served.add(s.name())));
      assertThat(served).containsAll(queried);
    }
  }
}
