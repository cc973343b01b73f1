package dev.voxscribe.core.stt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.voxscribe.core.Health;
import dev.voxscribe.testing.aiml.FakeAimlApi;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The key check through {@code GET /v2/billing} against the stand-in: 200, 401, 403, network failure. */
class KeyMonitorTest {
  private final FakeAimlApi aiml = new FakeAimlApi();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger monitorLog = (Logger) LoggerFactory.getLogger(KeyMonitor.class);

  @BeforeEach
  void capture() {
    log.start();
    monitorLog.addAppender(log);
  }

  @AfterEach
  void stop() {
    monitorLog.detachAppender(log);
    scheduler.shutdownNow();
    aiml.close();
  }

  private AimlAccountApi account(String key) {
    return account(URI.create(aiml.baseUrl()), key);
  }

  private AimlAccountApi account(URI base, String key) {
    return new AimlAccountApi(new AimlApiSettings(base, key, Duration.ofSeconds(2), Duration.ofSeconds(5)), scheduler);
  }

  private static KeyStatus check(AccountApi account) throws Exception {
    return account.check().get(10, TimeUnit.SECONDS);
  }

  private List<String> lines(Level level) {
    return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void http200IsAValidKeyWithItsBalance() throws Exception {
    aiml.balance("123.45", "USD");
    KeyStatus status = check(account(aiml.apiKey()));
    assertThat(status).isEqualTo(new KeyStatus.Valid(new BigDecimal("123.45"), "USD"));
    assertThat(aiml.billingReads()).isEqualTo(1);
    assertThat(aiml.createCount()).isZero();
    assertThat(aiml.authorizations()).containsExactly("Bearer " + aiml.apiKey());
  }

  @Test
  void aCurrencyThatIsNoCurrencyCodeIsDroppedNotWrittenToTheLog() throws Exception {
    // A spoofed AIML_API_URL answers a terminal escape and a forged log line where the currency goes.
    aiml.balance("0.5", "USD\\u001b[31m\\n2026-01-01 ERROR forged");
    KeyStatus status = check(account(aiml.apiKey()));
    assertThat(status).isEqualTo(new KeyStatus.Valid(new BigDecimal("0.5"), ""));
    aiml.balance("7", "eur");
    assertThat(check(account(aiml.apiKey()))).isEqualTo(new KeyStatus.Valid(new BigDecimal("7"), "EUR"));
  }

  @Test
  void http401IsARejectedKey() throws Exception {
    assertThat(check(account("sk-wrong-key-000000"))).isInstanceOfSatisfying(KeyStatus.Rejected.class,
        r -> assertThat(r.status()).isEqualTo(401));
  }

  @Test
  void aRejectionsMessageLosesItsControlCharactersAndIsCutShort() throws Exception {
    // A spoofed AIML_API_URL answers 401 with a terminal escape, a forged log line and a flood of text.
    aiml.failNextWithBody(FakeAimlApi.Endpoint.BILLING, 401,
        "{\"statusCode\":401,\"message\":\"Invalid key\\u001b[31m\\n2026-01-01 ERROR forged " + "x".repeat(500) + "\"}");
    assertThat(check(account(aiml.apiKey()))).isInstanceOfSatisfying(KeyStatus.Rejected.class, r -> {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.message()).startsWith("Invalid key [31m 2026-01-01 ERROR forged").doesNotContain("\u001b", "\n")
          .hasSizeLessThanOrEqualTo(203);
    });
  }

  @Test
  void http403IsARejectedKey() throws Exception {
    aiml.billingForbidden(true);
    assertThat(check(account(aiml.apiKey()))).isInstanceOfSatisfying(KeyStatus.Rejected.class,
        r -> assertThat(r.status()).isEqualTo(403));
  }

  @Test
  void aCutConnectionOrAClosedPortIsUnknownNamingTheUrl() throws Exception {
    // The JDK client retries an idempotent GET once on a cut connection: cut both.
    aiml.disconnectNext(FakeAimlApi.Endpoint.BILLING);
    aiml.disconnectNext(FakeAimlApi.Endpoint.BILLING);
    assertThat(check(account(aiml.apiKey()))).isInstanceOfSatisfying(KeyStatus.Unknown.class,
        u -> assertThat(u.reason()).contains("/v2/billing", "AIML_API_URL"));
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(check(account(URI.create("http://127.0.0.1:" + closed), "sk-anything-123"))).isInstanceOfSatisfying(
        KeyStatus.Unknown.class, u -> assertThat(u.reason()).contains("127.0.0.1:" + closed, "ConnectException"));
  }

  @Test
  void http5xxIsUnknown() throws Exception {
    aiml.failNext(FakeAimlApi.Endpoint.BILLING, 503);
    assertThat(check(account(aiml.apiKey()))).isInstanceOfSatisfying(KeyStatus.Unknown.class,
        u -> assertThat(u.reason()).contains("HTTP 503"));
  }

  @Test
  void aRejectedKeyIsOneErrorLineNamingTheVariableAndReadinessSaysWhy() {
    KeyMonitor monitor = new KeyMonitor(() -> null, scheduler, Duration.ofMinutes(5), BigDecimal.ONE);
    assertThat(monitor.health()).isEqualTo(Health.down("AIML_API_KEY not checked yet"));
    monitor.observe(new KeyStatus.Rejected(401, "Unauthorized"));
    monitor.observe(new KeyStatus.Rejected(401, "Unauthorized"));
    monitor.observe(new KeyStatus.Rejected(401, "Unauthorized"));
    assertThat(lines(Level.ERROR)).singleElement().asString().contains("AIML_API_KEY", "HTTP 401");
    assertThat(monitor.health()).isInstanceOfSatisfying(Health.Down.class,
        d -> assertThat(d.reason()).contains("rejected AIML_API_KEY (HTTP 401)"));
    monitor.observe(new KeyStatus.Valid(new BigDecimal("50"), "USD"));
    assertThat(lines(Level.INFO)).containsExactly("AIML_API_KEY is accepted again");
    assertThat(monitor.health().isUp()).isTrue();
    assertThat(lines(Level.ERROR)).hasSize(1);
  }

  @Test
  void aLowBalanceIsOneWarnLine() {
    KeyMonitor monitor = new KeyMonitor(() -> null, scheduler, Duration.ofMinutes(5), new BigDecimal("5"));
    monitor.observe(new KeyStatus.Valid(new BigDecimal("10"), "USD"));
    assertThat(lines(Level.WARN)).isEmpty();
    monitor.observe(new KeyStatus.Valid(new BigDecimal("4.5"), "USD"));
    monitor.observe(new KeyStatus.Valid(new BigDecimal("4.25"), "USD"));
    assertThat(lines(Level.WARN)).singleElement().asString().contains("low", "4.5 USD", "VOXSCRIBE_LOW_BALANCE");
    assertThat(monitor.health().isUp()).isTrue();
  }

  @Test
  void startChecksAtOnceThroughTheRealApi() throws Exception {
    KeyMonitor monitor = new KeyMonitor(account(aiml.apiKey()), scheduler, Duration.ofMinutes(5), BigDecimal.ONE);
    monitor.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!monitor.health().isUp() && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(monitor.health()).isEqualTo(Health.up("key accepted, balance 12.5 USD"));
    monitor.close();
  }
}
