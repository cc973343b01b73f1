package dev.voxscribe.telegram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * The webhook's HTTP transport, hardened against clients that are slow, large or many (Jetty: it
 * parses requests as bytes arrive, so a stalled client holds no thread):
 * <ul>
 *   <li>a request's headers must arrive within {@link WebhookLimits#headerTimeout()} of its
 *       connection opening or the previous exchange ending, else the connection is closed;
 *   <li>its body within {@link WebhookLimits#bodyTimeout()}, else 408 and the connection closed;
 *   <li>bodies over {@link WebhookLimits#maxBodyBytes()} get 413, unread when announced;
 *   <li>at most {@link WebhookLimits#maxConnections()} connections are served at once.
 * </ul>
 * What a request means is the {@link Endpoint}'s business.
 */
final class WebhookTransport implements AutoCloseable {
  /** The webhook's logic, in two steps so that a body is read only for a request worth it. */
  interface Endpoint {
    /** A status to answer at once (wrong path, method or secret), or empty to read the body. */
    OptionalInt check(String method, String path, @Nullable String secret, InetAddress from);

    /** The status to answer for the body, read whole and within the cap. */
    int deliver(byte[] body);
  }

  private final Server server;
  private final ServerConnector connector;
  private final WebhookLimits limits;
  private final Endpoint endpoint;
  private final Map<Connection, Scheduler.Task> headerDeadlines = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  WebhookTransport(InetSocketAddress bind, WebhookLimits limits, String threadName, Endpoint endpoint) {
    this.limits = limits;
    this.endpoint = endpoint;
    QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), 2);
    threads.setName(threadName);
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    http.setRequestHeaderSize(8 * 1024);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(bind.getAddress().isAnyLocalAddress() ? null : bind.getAddress().getHostAddress());
    connector.setPort(bind.getPort());
    // A backstop under the deadlines below: no connection sits silent longer than this.
    connector.setIdleTimeout(limits.headerTimeout().plus(limits.bodyTimeout()).toMillis());
    connector.addBean(new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        armHeaderDeadline(connection);
      }

      @Override
      public void onClosed(Connection connection) {
        open.decrementAndGet();
        disarm(connection);
      }
    });
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
    server.setHandler(new Exchange());
    server.setStopTimeout(0);
  }

  void start() throws Exception {
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  /** Connections open now. */
  int openConnections() {
    return open.get();
  }

  /** The most connections open at once so far. */
  int peakConnections() {
    return peak.get();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort: the threads are daemons and the port is released with the channel.
    }
  }

  private void armHeaderDeadline(Connection connection) {
    Scheduler.Task task = connector.getScheduler().schedule(() -> connection.getEndPoint().close(),
        limits.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    Scheduler.Task previous = headerDeadlines.put(connection, task);
    if (previous != null) previous.cancel();
  }

  private void disarm(Connection connection) {
    Scheduler.Task task = headerDeadlines.remove(connection);
    if (task != null) task.cancel();
  }

  private final class Exchange extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Connection connection = request.getConnectionMetaData().getConnection();
      disarm(connection); // the headers are here
      Callback done = Callback.from(() -> {
        armHeaderDeadline(connection); // the next request on this connection gets its own time
        callback.succeeded();
      }, callback::failed);
      OptionalInt early = endpoint.check(request.getMethod(), request.getHttpURI().getPath(),
          request.getHeaders().get(WebhookServer.SECRET_HEADER), remote(request));
      if (early.isPresent()) {
        if (early.getAsInt() == 405) response.getHeaders().put(HttpHeader.ALLOW, "POST");
        answer(response, done, early.getAsInt());
        return true;
      }
      if (request.getLength() > limits.maxBodyBytes()) {
        answer(response, done, 413);
        return true;
      }
      Content.Source.asByteArrayAsync(request, limits.maxBodyBytes())
          .orTimeout(limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((body, error) -> {
            if (error == null) {
              int status;
              try {
                status = endpoint.deliver(body);
              } catch (RuntimeException e) {
                status = 500;
              }
              answer(response, done, status);
              return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
              // A body that stalls: say so, and drop the connection rather than wait for the rest.
              response.getHeaders().put(HttpHeader.CONNECTION, "close");
              answer(response, Callback.from(() -> {
                connection.getEndPoint().close();
                callback.succeeded();
              }, callback::failed), 408);
            } else if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
              answer(response, done, 413); // longer than the cap as it streamed in
            } else {
              answer(response, done, 400);
            }
          });
      return true;
    }
  }

  private static void answer(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    response.write(true, null, callback);
  }

  private static InetAddress remote(Request request) {
    SocketAddress address = request.getConnectionMetaData().getRemoteSocketAddress();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) return inet.getAddress();
    return InetAddress.getLoopbackAddress();
  }
}
