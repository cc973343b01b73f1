package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void servesCountersInPrometheusTextAndAHealthCheck() throws Exception {
    Metrics metrics = new Metrics();
    metrics.create();
    metrics.cacheHit();
    metrics.cacheHit();
    metrics.failure(FailureKind.OUT_OF_CREDITS);
    int port = freePort();
    try (MetricsServer server = MetricsServer.start(Optional.of(port), metrics)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(page.body()).contains("voxscribe_creates_total 1\n", "voxscribe_cache_hits_total 2\n",
          "voxscribe_failures_total{kind=\"out_of_credits\"} 1\n");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void aTakenPortIsAnErrorNamingTheVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> MetricsServer.start(Optional.of(taken.getLocalPort()), new Metrics()))
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining("VOXSCRIBE_METRICS_PORT");
    }
  }

  @Test
  void withoutAPortNothingListens() {
    try (MetricsServer server = MetricsServer.start(Optional.empty(), new Metrics())) {
      assertThat(server).isNotNull();
    }
  }
}
