package dev.voxscribe.app.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import java.util.Set;

/**
 * Stack traces only for bugs. A throwable whose cause chain holds an expected network failure
 * (refused, reset, timed out, TLS, a Bot API error answer) is folded onto the event's own line as
 * {@code [ConnectException: Connection refused]}: an outage is one line per event, not a screenful.
 * Anything else keeps its full stack trace, which is what a bug report needs.
 */
public final class FoldedThrowableConverter extends ThrowableProxyConverter {
  /** By name: the log sees proxies of throwables, not their classes. */
  private static final Set<String> EXPECTED = Set.of(
      "java.io.IOException", "java.io.EOFException", "java.io.InterruptedIOException", "java.io.UncheckedIOException",
      "java.net.ConnectException", "java.net.SocketException", "java.net.SocketTimeoutException",
      "java.net.UnknownHostException", "java.net.NoRouteToHostException", "java.net.PortUnreachableException",
      "java.net.http.HttpTimeoutException", "java.net.http.HttpConnectTimeoutException",
      "java.nio.channels.ClosedChannelException", "java.nio.channels.UnresolvedAddressException",
      "java.util.concurrent.TimeoutException",
      "javax.net.ssl.SSLException", "javax.net.ssl.SSLHandshakeException",
      "okhttp3.internal.http2.StreamResetException", "okhttp3.internal.http2.ConnectionShutdownException",
      "com.neovisionaries.ws.client.WebSocketException", "com.neovisionaries.ws.client.OpeningHandshakeException",
      "org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException",
      "org.telegram.telegrambots.meta.exceptions.TelegramApiErrorResponseException",
      "org.telegram.telegrambots.meta.exceptions.TelegramApiException");

  private final boolean inline;

  /** For the text layout: the fold starts with a space, a trace with a new line. */
  public FoldedThrowableConverter() {
    this(true);
  }

  /** @param inline false for a JSON field of its own: no leading separator */
  public FoldedThrowableConverter(boolean inline) {
    this.inline = inline;
  }

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy proxy = event.getThrowableProxy();
    if (proxy == null) return "";
    if (expected(proxy)) return inline ? " [" + summary(proxy) + "]" : summary(proxy);
    String trace = super.convert(event);
    while (trace.endsWith("\n") || trace.endsWith("\r")) trace = trace.substring(0, trace.length() - 1);
    return inline ? CoreConstants.LINE_SEPARATOR + trace : trace;
  }

  static boolean expected(IThrowableProxy proxy) {
    for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
      if (EXPECTED.contains(p.getClassName())) return true;
      if (p.getCause() == p) break;
    }
    return false;
  }

  /** The outer throwable and, when different, its root cause: {@code X: m <- ConnectException: Connection refused}. */
  static String summary(IThrowableProxy proxy) {
    IThrowableProxy root = proxy;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String outer = describe(proxy);
    return root == proxy ? outer : outer + " <- " + describe(root);
  }

  private static String describe(IThrowableProxy p) {
    String name = p.getClassName().substring(p.getClassName().lastIndexOf('.') + 1);
    String m = p.getMessage();
    return m == null || m.isBlank() ? name : name + ": " + m.strip().replace('\n', ' ');
  }
}
