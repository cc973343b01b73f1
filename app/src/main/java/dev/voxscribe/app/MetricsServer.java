package dev.voxscribe.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.voxscribe.core.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On {@code VOXSCRIBE_METRICS_PORT} (bound to {@code VOXSCRIBE_METRICS_BIND}, loopback by default):
 * <ul>
 *   <li>{@code GET /metrics}: Micrometer's Prometheus registry, {@code # HELP} and {@code # TYPE} included;
 *   <li>{@code GET /healthz}: alive and not wedged (each worker pool runs a no-op task in time);
 *   <li>{@code GET /readyz}: every configured platform connected and the speech key accepted.
 * </ul>
 * Health answers are JSON with a status per component, 200 when all are up, 503 otherwise. The
 * JDK's own server: one dispatcher thread; health answers are sent when the probes complete,
 * without a thread waiting for them.
 */
final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the health endpoints ask.
   *
   * @param liveness per component, a probe that completes within a short bound and never exceptionally
   * @param readiness per component, its current state (read, never called out for)
   */
  record Probes(Supplier<Map<String, CompletableFuture<Health>>> liveness, Supplier<Map<String, Health>> readiness) {}

  private final Optional<HttpServer> server;

  private MetricsServer(Optional<HttpServer> server) {
    this.server = server;
  }

  static MetricsServer start(Optional<Integer> port, String bind, PrometheusMeterRegistry registry, Probes probes) {
    if (port.isEmpty()) return new MetricsServer(Optional.empty());
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(bind, port.get()), 0);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot listen on VOXSCRIBE_METRICS_BIND " + bind + " port " + port.get()
          + " (VOXSCRIBE_METRICS_PORT): " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
    http.createContext("/metrics", exchange -> {
      if (refused(exchange)) return;
      respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    });
    http.createContext("/healthz", exchange -> {
      if (refused(exchange)) return;
      Map<String, CompletableFuture<Health>> checks = probes.liveness().get();
      CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
        Map<String, Health> done = new LinkedHashMap<>();
        checks.forEach((name, f) -> done.put(name, f.getNow(Health.down("no answer"))));
        answerHealth(exchange, done);
      });
    });
    http.createContext("/readyz", exchange -> {
      if (refused(exchange)) return;
      answerHealth(exchange, probes.readiness().get());
    });
    http.start();
    log.info("Metrics and health on http://{}:{}/metrics, /healthz, /readyz", bind, http.getAddress().getPort());
    return new MetricsServer(Optional.of(http));
  }

  /** The port listened on (the configured one, or the one chosen for port 0). */
  Optional<Integer> port() {
    return server.map(s -> s.getAddress().getPort());
  }

  /** The JSON body of a health answer, and whether every component is up. */
  static String healthJson(Map<String, Health> components) {
    ObjectNode root = JSON.createObjectNode();
    boolean up = components.values().stream().allMatch(Health::isUp);
    root.put("status", up ? "UP" : "DOWN");
    ObjectNode each = root.putObject("components");
    components.forEach((name, h) -> {
      ObjectNode c = each.putObject(name);
      c.put("status", h.isUp() ? "UP" : "DOWN");
      c.put(h.isUp() ? "detail" : "reason", dev.voxscribe.app.logging.Secrets.mask(h.description()));
    });
    return root.toString() + "\n";
  }

  private static void answerHealth(HttpExchange exchange, Map<String, Health> components) {
    boolean up = components.values().stream().allMatch(Health::isUp);
    try {
      respond(exchange, up ? 200 : 503, "application/json", healthJson(components));
    } catch (IOException e) {
      log.debug("Health answer not sent: {}", e.toString());
    }
  }

  private static boolean refused(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) return false;
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    respond(exchange, 405, "text/plain", "GET or HEAD only\n");
    return true;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.ifPresent(s -> s.stop(0));
  }

}
