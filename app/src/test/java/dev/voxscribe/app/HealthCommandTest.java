package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code health} finds the endpoint where the bot serves it: the same configuration, file included. */
class HealthCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();
  private HttpServer server;

  @BeforeEach
  void serveHealthz() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/healthz", x -> {
      byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int run(String... args) {
    return Main.run(args, new Environment(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void thePortSetInTheYamlFileIsAsked() throws Exception {
    Files.writeString(dir.resolve("voxscribe.yml"), "VOXSCRIBE_METRICS_PORT: " + server.getAddress().getPort() + "\n");
    assertThat(run("health")).as(err()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
  }

  @Test
  void aBadPortIsAConfigurationErrorNamingTheVariable() {
    env.put("VOXSCRIBE_METRICS_PORT", "70000");
    assertThat(run("health")).isEqualTo(2);
    assertThat(err()).contains("VOXSCRIBE_METRICS_PORT must be a TCP port number").doesNotContain("Exception");
    err.reset();
    env.put("VOXSCRIBE_METRICS_PORT", "nine");
    assertThat(run("health")).isEqualTo(2);
    assertThat(err()).contains("VOXSCRIBE_METRICS_PORT must be a TCP port number").doesNotContain("is not set");
  }

  @Test
  void unsetPortSaysSo() {
    assertThat(run("health")).isEqualTo(2);
    assertThat(err()).contains("VOXSCRIBE_METRICS_PORT is not set");
  }
}
