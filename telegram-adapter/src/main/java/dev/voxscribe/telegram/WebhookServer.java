package dev.voxscribe.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The HTTP endpoint Telegram posts updates to in webhook mode. Only POSTs to the webhook's path
 * carrying the secret in {@code X-Telegram-Bot-Api-Secret-Token} are accepted; the update is handed
 * on and answered 200 at once (the work happens on the adapter's workers). Other calls get 401,
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
  private final Consumer<List<Update>> sink;
  private final RefusedCalls refused;

  WebhookServer(InetSocketAddress bind, WebhookLimits limits, String path, String secret, ObjectMapper json,
      Consumer<List<Update>> sink, Clock clock) {
    this.path = path;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.json = json;
    this.sink = sink;
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
    Update update;
    try {
      update = json.readValue(body, Update.class);
    } catch (IOException e) {
      log.warn("Refused a webhook call: the body is not an update ({})", e.getClass().getSimpleName());
      return 400;
    }
    try {
      sink.accept(List.of(update));
    } catch (RuntimeException e) {
      log.error("Could not take update {}", update.getUpdateId(), e);
      return 503;
    }
    return 200;
  }

  @Override
  public void close() {
    transport.close();
  }
}
