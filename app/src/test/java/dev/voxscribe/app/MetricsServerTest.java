package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Health;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.PoolProbe;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Observability observability = new Observability();
  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  private final Map<String, Health> readiness = new LinkedHashMap<>(Map.of("telegram", Health.up("long polling")));

  @AfterEach
  void stop() {
    pool.shutdownNow();
    observability.close();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private MetricsServer start() throws Exception {
    return MetricsServer.start(Optional.of(freePort()), "127.0.0.1", observability.registry(), new MetricsServer.Probes(
        () -> Map.of("pool", PoolProbe.probe(pool, Duration.ofMillis(300))), () -> Map.copyOf(readiness)));
  }

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port().orElseThrow() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMetricsPageIsValidPrometheusTextWithOurCountersHistogramsAndJvmFigures() throws Exception {
    Metrics metrics = new Metrics();
    metrics.publishTo(observability.registry());
    metrics.request("telegram");
    metrics.create();
    metrics.cacheHit("discord");
    metrics.cacheHit("discord");
    metrics.failure("telegram", FailureKind.OUT_OF_CREDITS);
    metrics.timeToTranscript("telegram", Duration.ofMillis(1500));
    metrics.queueWait(Duration.ZERO);
    metrics.pollsPerJob(3);
    metrics.delivery("discord").sent();
    try (MetricsServer server = start()) {
      HttpResponse<String> page = get(server, "/metrics");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      Map<String, PrometheusText.Family> families = PrometheusText.parse(page.body());

      assertThat(families.get("voxscribe_creates_total").type()).isEqualTo("counter");
      assertThat(families.get("voxscribe_creates_total").help()).contains("credits");
      assertThat(value(families, "voxscribe_creates_total", Map.of())).isEqualTo(1);
      assertThat(value(families, "voxscribe_cache_hits_total", Map.of("platform", "discord"))).isEqualTo(2);
      assertThat(value(families, "voxscribe_requests_total", Map.of("platform", "telegram"))).isEqualTo(1);
      assertThat(value(families, "voxscribe_failures_total", Map.of("platform", "telegram", "kind", "out_of_credits"))).isEqualTo(1);
      assertThat(families.get("voxscribe_jobs_running").type()).isEqualTo("gauge");
      for (String histogram : new String[] {"voxscribe_time_to_transcript_seconds", "voxscribe_delivery_latency_seconds",
          "voxscribe_queue_wait_seconds", "voxscribe_polls_per_job"}) {
        assertThat(families.get(histogram)).as(histogram).isNotNull();
        assertThat(families.get(histogram).type()).as(histogram).isEqualTo("histogram");
        assertThat(families.get(histogram).help()).as(histogram).isNotBlank();
      }
      assertThat(value(families, "voxscribe_time_to_transcript_seconds_bucket", Map.of("platform", "telegram", "le", "2.0")))
          .isEqualTo(1);
      assertThat(value(families, "voxscribe_time_to_transcript_seconds_bucket", Map.of("platform", "telegram", "le", "1.0")))
          .isZero();
      assertThat(families.keySet()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
          "process_uptime_seconds", "jvm_gc_memory_allocated_bytes_total", "process_files_open_files");
    }
  }

  private static double value(Map<String, PrometheusText.Family> families, String sample, Map<String, String> labels) {
    return families.values().stream().flatMap(f -> f.samples().stream())
        .filter(s -> s.name().equals(sample) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value)
        .findFirst().orElseThrow(() -> new AssertionError("no sample " + sample + labels));
  }

  @Test
  void healthzIsJsonPerComponentAnd503WhenAPoolIsWedged() throws Exception {
    try (MetricsServer server = start()) {
      HttpResponse<String> alive = get(server, "/healthz");
      assertThat(alive.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(alive.body());
      assertThat(body.get("status").asText()).isEqualTo("UP");
      assertThat(body.at("/components/pool/status").asText()).isEqualTo("UP");

      CountDownLatch release = new CountDownLatch(1);
      pool.execute(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      HttpResponse<String> wedged = get(server, "/healthz");
      release.countDown();
      assertThat(wedged.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(wedged.body()).at("/components/pool/reason").asText()).contains("no task finished");
    }
  }

  @Test
  void readyzIs503NamingTheComponentThatIsDown() throws Exception {
    try (MetricsServer server = start()) {
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      readiness.put("speech", Health.down("the AI/ML API rejected AIML_API_KEY (HTTP 401)"));
      HttpResponse<String> notReady = get(server, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      JsonNode body = JSON.readTree(notReady.body());
      assertThat(body.get("status").asText()).isEqualTo("DOWN");
      assertThat(body.at("/components/telegram/status").asText()).isEqualTo("UP");
      assertThat(body.at("/components/speech/reason").asText()).contains("AIML_API_KEY", "401");
    }
  }

  @Test
  void onlyGetAndHeadAreAnswered() throws Exception {
    try (MetricsServer server = start()) {
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.port().orElseThrow() + "/metrics"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aTakenPortIsAnErrorNamingTheVariables() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> MetricsServer.start(Optional.of(taken.getLocalPort()), "127.0.0.1", observability.registry(),
          new MetricsServer.Probes(Map::of, Map::of)))
          .hasMessageContaining("VOXSCRIBE_METRICS_PORT").hasMessageContaining("VOXSCRIBE_METRICS_BIND 127.0.0.1");
    }
  }

  @Test
  void withoutAPortNothingListens() {
    try (MetricsServer server = MetricsServer.start(Optional.empty(), "127.0.0.1", observability.registry(),
        new MetricsServer.Probes(Map::of, Map::of))) {
      assertThat(server.port()).isEmpty();
    }
  }

  static CompletableFuture<Health> up() {
    return CompletableFuture.completedFuture(Health.up("ok"));
  }
}
