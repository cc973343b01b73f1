package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voxscribe.testing.Await;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voxscribe.testing.aiml.JobScript;
import dev.voxscribe.testing.telegram.TgChat;
import dev.voxscribe.testing.telegram.TgUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook endpoint under attack from clients without the secret (and a few with it): stalled
 * headers and bodies, bodies too large, too many connections, floods of forged calls. Raw sockets
 * play the attackers; the Bot API stand-in delivers the real updates.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WebhookHardeningTest {
  static final TgUser ALICE = TgUser.person(4001, "Alice");
  static final TgChat CHAT = TgChat.privateWith(ALICE);
  static final String SECRET = "webhook-Secret_0123456789";
  static final String PATH = "/telegram/hook";

  @TempDir Path dir;
  Harness h;
  int port;
  final List<Socket> attackers = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : attackers) s.close();
    if (h != null) {
      h.close();
      h.assertTokenNeverLeaked();
      assertThat(h.log.all()).doesNotContain(SECRET);
    }
  }

  private void start(Tuning tuning, String bind) throws Exception {
    port = freePort();
    h = Harness.startWebhook(dir, tuning, URI.create("http://127.0.0.1:" + port + PATH), port, Optional.of(SECRET), bind);
    h.aiml.script(JobScript.completes("Heard over a hardened webhook.").afterPolls(1));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A client that sends {@code start} and then nothing. */
  private Socket stall(String start) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(20_000); // reads below wait for the server, never longer than this
    attackers.add(s);
    OutputStream out = s.getOutputStream();
    out.write(start.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return s;
  }

  private static String headersWithoutEnd() {
    return "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ";
  }

  private static String headersThenPartOfTheBody(int announced) {
    return "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + WebhookServer.SECRET_HEADER + ": " + SECRET + "\r\nContent-Length: " + announced + "\r\n\r\n{\"update_id\":";
  }

  /** Everything the server sends until it closes the connection (bounded by the socket's read timeout). */
  private static String readUntilClosed(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** Posts a real update with the secret; it is taken and answered. */
  private void assertDelivered(ObjectNode update) {
    assertThat(h.tg.postToWebhook(update, Optional.of(SECRET))).isEqualTo(200);
    assertThat(h.answerTo(CHAT.id(), update.path("message").path("message_id").asInt()).text())
        .startsWith("Heard over a hardened webhook.");
  }

  private ObjectNode voiceUpdate(String seed) {
    return h.tg.message(CHAT, ALICE).voice(h.tg.registerFile("voice/" + seed + ".oga", Harness.audio(seed)), 2).toUpdate();
  }

  @Test
  void fiftyStalledClientsDoNotHoldUpAValidUpdate() throws Exception {
    start(Harness.TUNING, "127.0.0.1"); // production limits: the stalled clients stay for the whole test
    for (int i = 0; i < 40; i++) stall(headersWithoutEnd());
    for (int i = 0; i < 10; i++) stall(headersThenPartOfTheBody(5000));
    Await.until("the server to hold the 50 stalled connections", () -> h.platform().webhookConnections() >= 50);

    ObjectNode update = voiceUpdate("through-the-crowd");
    int voice = update.path("message").path("message_id").asInt();
    CompletableFuture<Integer> delivery = CompletableFuture.supplyAsync(() -> h.tg.postToWebhook(update, Optional.of(SECRET)));
    // Held up, it would be answered only once the stalled clients are cut off at the 10 s header deadline;
    // 8 s leaves a loaded machine room and still tells the two apart.
    assertThat(delivery.get(8, TimeUnit.SECONDS)).as("answered before the stalled clients' deadline").isEqualTo(200);
    assertThat(h.answerTo(CHAT.id(), voice).text()).startsWith("Heard over a hardened webhook.");
  }

  @Test
  void stalledHeadersAndBodiesAreCutOffAtTheirDeadlines() throws Exception {
    start(Harness.TUNING.withWebhook(WebhookLimits.defaults()
        .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300))), "127.0.0.1");
    Socket silent = stall("");
    Socket slowHeaders = stall(headersWithoutEnd());
    Socket slowBody = stall(headersThenPartOfTheBody(5000));

    assertThat(readUntilClosed(silent)).isEmpty();
    assertThat(readUntilClosed(slowHeaders)).isEmpty();
    assertThat(readUntilClosed(slowBody)).startsWith("HTTP/1.1 408");

    // Bytes that keep trickling in do not extend the deadline.
    Socket trickle = stall("POST " + PATH + " HTTP/1.1\r\n");
    OutputStream out = trickle.getOutputStream();
    CompletableFuture<Boolean> cutOff = CompletableFuture.supplyAsync(() -> {
      try {
        for (int i = 0; i < 400; i++) {
          out.write(("X-Trickle-" + i + ": y\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          Thread.sleep(25); // the attacker's pace, not a wait for a result
        }
        return false;
      } catch (IOException e) {
        return true; // the server closed the connection
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    assertThat(cutOff.get(20, TimeUnit.SECONDS)).as("the trickling client was cut off").isTrue();

    assertDelivered(voiceUpdate("after"));
  }

  @Test
  void bodiesOverTheCapAreRefused() throws Exception {
    start(Harness.TUNING, "127.0.0.1");
    Socket announced = stall("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + WebhookServer.SECRET_HEADER + ": "
        + SECRET + "\r\nContent-Length: " + (2 << 20) + "\r\nConnection: close\r\n\r\n");
    assertThat(readUntilClosed(announced)).startsWith("HTTP/1.1 413");

    Socket streamed = stall("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + WebhookServer.SECRET_HEADER + ": "
        + SECRET + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    OutputStream out = streamed.getOutputStream();
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    try {
      for (int i = 0; i < 24; i++) { // 1.5 MiB in all, over the 1 MiB cap
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException closedEarly) {
      // The server may answer and close before the rest is sent.
    }
    assertThat(readUntilClosed(streamed)).startsWith("HTTP/1.1 413");
    assertThat(h.aiml.createCount()).isZero();
  }

  @Test
  void connectionsAreBounded() throws Exception {
    start(Harness.TUNING.withWebhook(WebhookLimits.defaults()
        .withTimeouts(Duration.ofMillis(400), Duration.ofMillis(400)).withMaxConnections(4)), "127.0.0.1");
    List<Socket> stalled = new ArrayList<>();
    for (int i = 0; i < 10; i++) stalled.add(stall(headersWithoutEnd()));
    // Each is let in only when a place is free, and each is cut off at its deadline.
    for (Socket s : stalled) assertThat(readUntilClosed(s)).isEmpty();
    assertThat(h.platform().webhookPeakConnections()).isBetween(2, 4);
    assertDelivered(voiceUpdate("bounded"));
  }

  @Test
  void forgedCallsGet401AndOneLogLineAMinuteWithACount() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    start(Harness.TUNING.withClock(clock), "127.0.0.1");
    ObjectNode forged = voiceUpdate("forged");
    for (int i = 0; i < 1000; i++) {
      assertThat(h.tg.postToWebhook(forged, i % 2 == 0 ? Optional.of("wrong-secret") : Optional.empty())).isEqualTo(401);
    }
    assertThat(refusalLines()).singleElement().asString().contains("Refused a webhook call with a wrong secret token");

    clock.advance(Duration.ofSeconds(61));
    assertThat(h.tg.postToWebhook(forged, Optional.empty())).isEqualTo(401);
    assertThat(refusalLines()).hasSize(2).last().asString()
        .contains("Refused 1000 webhook calls without the right secret token in the last 61 s");
    assertThat(h.aiml.createCount()).isZero();
  }

  private List<String> refusalLines() {
    return h.log.lines().stream().filter(l -> l.contains("WebhookServer") && l.contains("Refused")).toList();
  }

  @Test
  void theBindAddressDecidesWhoCanConnect() throws Exception {
    start(Harness.TUNING, "127.0.0.1");
    // All of 127/8 is this machine, but a server bound to 127.0.0.1 is not listening on 127.0.0.2.
    assertThatThrownBy(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port), 5_000);
      }
    }).isInstanceOf(ConnectException.class);
    h.close();
    h = null;

    start(Harness.TUNING, "0.0.0.0");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port), 5_000);
      assertThat(s.isConnected()).isTrue();
    }
  }
}
