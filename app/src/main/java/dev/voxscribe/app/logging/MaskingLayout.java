package dev.voxscribe.app.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** A pattern layout whose every line, stack traces included, passes through {@link Secrets#mask}. */
public final class MaskingLayout extends PatternLayout {
  @Override
  public String doLayout(ILoggingEvent event) {
    return Secrets.mask(super.doLayout(event));
  }
}
