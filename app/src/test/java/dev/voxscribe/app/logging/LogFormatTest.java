package dev.voxscribe.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;

/** Both formats mask secrets; an expected network failure is one line, a bug keeps its stack trace. */
class LogFormatTest {
  private static final String KEY = "sk-live-json-masking-key-0123";
  private static final String TELEGRAM_TOKEN = "7012345678:AAHsecretSecretSecretSecretSecret123";
  private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

  private LoggingEvent event(String message, Throwable error) {
    ch.qos.logback.classic.Logger logger = context.getLogger("dev.voxscribe.test");
    return new LoggingEvent(ch.qos.logback.classic.Logger.class.getName(), logger, Level.WARN, message, error, null);
  }

  private JsonNode json(LoggingEvent event) throws Exception {
    LogstashEncoder encoder = LogSetup.jsonEncoder(context);
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    return new ObjectMapper().readTree(line);
  }

  private String text(LoggingEvent event) {
    MaskingLayout layout = new MaskingLayout();
    layout.setContext(context);
    layout.getInstanceConverterMap().put("foldedEx", FoldedThrowableConverter::new);
    layout.setPattern("%-5level %logger - %msg%foldedEx%n");
    layout.start();
    return layout.doLayout(event);
  }

  @Test
  void jsonLinesParseAndAreMasked() throws Exception {
    Secrets.register(List.of(KEY));
    JsonNode line = json(event("Calling with key " + KEY + " and https://api.telegram.org/bot" + TELEGRAM_TOKEN + "/getMe", null));
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("logger_name").asText()).isEqualTo("dev.voxscribe.test");
    assertThat(line.has("@timestamp")).isTrue();
    assertThat(line.get("message").asText()).contains("***").doesNotContain(KEY).doesNotContain(TELEGRAM_TOKEN);
  }

  @Test
  void anExpectedNetworkFailureIsFoldedInBothFormats() throws Exception {
    Exception error = new IllegalStateException("poll failed", new ConnectException("Connection refused"));
    JsonNode line = json(event("Telegram is unreachable", error));
    assertThat(line.get("stack_trace").asText())
        .isEqualTo("IllegalStateException: poll failed <- ConnectException: Connection refused");
    String textLine = text(event("Telegram is unreachable", error));
    assertThat(textLine).isEqualTo("WARN  dev.voxscribe.test - Telegram is unreachable"
        + " [IllegalStateException: poll failed <- ConnectException: Connection refused]" + System.lineSeparator());
  }

  @Test
  void aBugKeepsItsStackTraceMaskedInBothFormats() throws Exception {
    Secrets.register(List.of(KEY));
    Exception bug = new NullPointerException("no value for " + KEY);
    JsonNode line = json(event("Unexpected", bug));
    assertThat(line.get("stack_trace").asText()).contains("NullPointerException", "\tat ", "LogFormatTest").doesNotContain(KEY);
    String textLines = text(event("Unexpected", bug));
    assertThat(textLines.lines().count()).isGreaterThan(3);
    assertThat(textLines).contains("\tat ").doesNotContain(KEY);
  }
}
