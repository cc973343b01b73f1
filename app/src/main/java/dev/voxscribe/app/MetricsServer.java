package dev.voxscribe.app;

import com.sun.net.httpserver.HttpServer;
import dev.voxscribe.core.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /metrics} in the Prometheus text format and {@code GET /healthz}, on
 * {@code VOXSCRIBE_METRICS_PORT} when set. The JDK's own server: one thread, no dependency.
 */
final class MetricsServer implements AutoCloseable {
  private final Optional<HttpServer> server;

  private MetricsServer(Optional<HttpServer> server) {
    this.server = server;
  }

  static MetricsServer start(Optional<Integer> port, Metrics metrics) {
    if (port.isEmpty()) return new MetricsServer(Optional.empty());
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(port.get()), 0);
      http.createContext("/metrics", exchange -> {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, Long> e : metrics.snapshot().entrySet()) {
          body.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        respond(exchange, "text/plain; version=0.0.4", body.toString());
      });
      http.createContext("/healthz", exchange -> respond(exchange, "text/plain", "ok\n"));
      http.start();
      return new MetricsServer(Optional.of(http));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on VOXSCRIBE_METRICS_PORT " + port.get(), e);
    }
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.ifPresent(s -> s.stop(0));
  }
}
