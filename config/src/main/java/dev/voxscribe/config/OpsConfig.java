package dev.voxscribe.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an operator tunes about running the bot rather than what it does.
 *
 * @param metricsBind {@code VOXSCRIBE_METRICS_BIND}: address of the metrics and health port
 * @param keyCheckInterval {@code VOXSCRIBE_KEY_CHECK_INTERVAL}: how often the key and balance are read
 * @param lowBalance {@code VOXSCRIBE_LOW_BALANCE}: a balance below this is a warning (0: never)
 * @param logLevel {@code VOXSCRIBE_LOG_LEVEL}, upper case; empty: the command's default
 * @param logFormat {@code VOXSCRIBE_LOG_FORMAT}
 */
public record OpsConfig(
    String metricsBind, Duration keyCheckInterval, double lowBalance, Optional<String> logLevel, LogFormat logFormat) {

  static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  static final List<String> LOG_FORMATS = List.of("text", "json");

  /** {@code text}: one line per event; {@code json}: one JSON object per line. */
  public enum LogFormat { TEXT, JSON }

  /** The defaults, for tests that build a configuration by hand. */
  public static OpsConfig defaults() {
    return new OpsConfig("127.0.0.1", Duration.ofMinutes(5), 1.0, Optional.empty(), LogFormat.TEXT);
  }
}
