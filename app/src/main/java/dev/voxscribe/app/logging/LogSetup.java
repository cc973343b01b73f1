package dev.voxscribe.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.voxscribe.config.OpsConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code VOXSCRIBE_LOG_LEVEL} and {@code VOXSCRIBE_LOG_FORMAT} once the configuration is
 * loaded (so the YAML file can set them too). JSON is one object per line from logstash's encoder,
 * every string value passed through {@link Secrets#mask}, with the same folding of network failures.
 */
public final class LogSetup {
  /** The appender in {@code logback.xml}. */
  static final String APPENDER = "STDERR";

  private LogSetup() {}

  /** @param defaultLevel the level when {@code VOXSCRIBE_LOG_LEVEL} is not set (the command's choice) */
  public static void apply(OpsConfig ops, String defaultLevel) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(ops.logLevel().orElse(defaultLevel), Level.INFO));
    if (ops.logFormat() != OpsConfig.LogFormat.JSON) return;
    Appender<ILoggingEvent> appender = root.getAppender(APPENDER);
    if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
      Encoder<ILoggingEvent> json = jsonEncoder(context);
      stream.stop();
      stream.setEncoder(json);
      stream.start();
    }
  }

  /** One JSON object per line, masked, network failures folded into {@code stack_trace}. */
  public static LogstashEncoder jsonEncoder(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
    masking.addValueMasker((jsonContext, value) -> {
      if (!(value instanceof CharSequence text)) return null;
      String masked = Secrets.mask(text.toString());
      return masked.contentEquals(text) ? null : masked;
    });
    masking.start();
    encoder.setJsonGeneratorDecorator(masking);
    FoldedThrowableConverter throwables = new FoldedThrowableConverter(false);
    throwables.setContext(context);
    encoder.setThrowableConverter(throwables);
    encoder.start();
    return encoder;
  }
}
