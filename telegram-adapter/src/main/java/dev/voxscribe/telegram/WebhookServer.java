package dev.voxscribe.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint Telegram posts updates to in webhook mode. Only POSTs to the webhook's path
 * carrying the secret in {@code X-Telegram-Bot-Api-Secret-Token} are accepted. The update is decoded
 * on its own terms ({@link UpdateDecoder}), handed to the {@link UpdateHandler} and answered 200 once
 * the handler returned (the work happens on the adapter's workers); an update the library cannot
 * decode is answered 200 too, so Telegram does not send it again and again. Other calls get 401,
 * logged at most once a minute ({@link RefusedCalls}). TLS is expected to end at a reverse proxy in
 * front of it; slow, large and numerous clients are {@link WebhookTransport}'s to cut off.
 *
 * <p>Our own server rather than telegrambots-webhook, which does not check the secret.
 */
final class WebhookServer implements AutoCloseable, WebhookTransport.Endpoint {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  private final WebhookTransport transport;
  private final String path;
  private final byte[] secret;
  private final ObjectMapper json;
  private final UpdateDecoder decoder;
  private final UpdateHandler handler;
  private final RefusedCalls refused;

  WebhookServer(InetSocketAddress bind, WebhookLimits limits, String path, String secret, ObjectMapper json,
      UpdateDecoder decoder, UpdateHandler handler, Clock clock) {
    this.path = path;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.json = json;
    this.decoder = decoder;
    this.handler = handler;
    this.refused = new RefusedCalls(clock);
    this.transport = new WebhookTransport(bind, limits, "telegram-webhook", this);
  }

  void start() throws Exception {
    transport.start();
    log.info("Webhook endpoint listening on port {} at {}", port(), path);
  }

  int port() {
    return transport.port();
  }

  int openConnections() {
    return transport.openConnections();
  }

  int peakConnections() {
    return transport.peakConnections();
  }

  @Override
  public OptionalInt check(String method, String requestPath, @Nullable String given, InetAddress from) {
    if (!requestPath.equals(path)) return OptionalInt.of(404);
    if (!method.equals("POST")) return OptionalInt.of(405);
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret)) {
      refused.refused(from, given != null).ifPresent(log::warn);
      return OptionalInt.of(401);
    }
    return OptionalInt.empty();
  }

  @Override
  public int deliver(byte[] body) {
    Optional<ReceivedUpdate> update;
    try {
      JsonNode tree = json.readTree(body);
      update = tree == null ? Optional.empty() : decoder.decode(tree);
    } catch (IOException e) {
      log.warn("Refused a webhook call: the body is not JSON ({})", e.getClass().getSimpleName());
      return 400;
    }
    if (update.isEmpty()) {
      log.warn("Refused a webhook call: the body is not an update (no update_id)");
      return 400;
    }
    try {
      handler.handle(update.get());
    } catch (RuntimeException e) {
      // Telegram delivers it again later.
      log.warn("Could not take update {}: {}", update.get().updateId(), e.toString());
      return 503;
    }
    return 200;
  }

  @Override
  public void close() {
    transport.close();
  }
}
