package dev.voxscribe.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The HTTP endpoint Telegram posts updates to in webhook mode. Only POSTs to the webhook's path
 * carrying the secret in {@code X-Telegram-Bot-Api-Secret-Token} are accepted; the update is handed
 * on and answered 200 at once (the work happens on the adapter's workers). TLS is expected to end
 * at a reverse proxy in front of it.
 *
 * <p>The JDK's server is used rather than telegrambots-webhook, which does not check the secret.
 */
final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  /** Updates are small; anything bigger is not from Telegram. */
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final String path;
  private final byte[] secret;
  private final ObjectMapper json;
  private final Consumer<List<Update>> sink;

  WebhookServer(InetSocketAddress bind, String path, String secret, ObjectMapper json, Consumer<List<Update>> sink,
      ExecutorService executor) throws IOException {
    this.path = path;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.json = json;
    this.sink = sink;
    this.server = HttpServer.create(bind, 0);
    server.createContext(path, this::handle);
    server.setExecutor(executor);
  }

  void start() {
    server.start();
    log.info("Webhook endpoint listening on port {} at {}", port(), path);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String given = exchange.getRequestHeaders().getFirst(SECRET_HEADER);
      if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret)) {
        log.warn("Refused a webhook call from {}: {} secret token", exchange.getRemoteAddress().getAddress(),
            given == null ? "no" : "wrong");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      Update update;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
          exchange.sendResponseHeaders(413, -1);
          return;
        }
        update = json.readValue(body, Update.class);
      } catch (IOException e) {
        log.warn("Refused a webhook call: the body is not an update ({})", e.getClass().getSimpleName());
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      try {
        sink.accept(List.of(update));
      } catch (RuntimeException e) {
        log.error("Could not take update {}", update.getUpdateId(), e);
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
