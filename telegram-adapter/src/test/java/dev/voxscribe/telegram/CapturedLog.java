package dev.voxscribe.telegram;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of the JVM while attached, rendered whole (message, thread, exceptions and their traces). */
final class CapturedLog implements AutoCloseable {
  private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  };
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  CapturedLog() {
    appender.start();
    root.addAppender(appender);
  }

  List<String> lines() {
    List<String> out = new ArrayList<>();
    {
      for (ILoggingEvent e : events) {
        StringBuilder b = new StringBuilder()
            .append(e.getLevel()).append(' ').append(e.getThreadName()).append(' ')
            .append(e.getLoggerName()).append(" - ").append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          b.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
          for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) b.append("\n    ").append(s.getSTEAsString());
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  String all() {
    return String.join("\n", lines());
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
