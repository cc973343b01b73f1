package dev.voxscribe.testing.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Starts a stand-in: MockWebServer on loopback, Nagle off, every request through one handler. */
public final class LoopbackServer {
  private LoopbackServer() {}

  /**
   * @param handler answers each request
   * @param onFailure answers a request whose handler threw, so a stand-in bug shows as a 500
   */
  public static MockWebServer start(Function<RecordedRequest, MockResponse> handler,
      Function<RuntimeException, MockResponse> onFailure) {
    return start(handler, onFailure, () -> new MockResponse.Builder().build());
  }

  /**
   * @param readPolicy how the next request's body is read (MockWebServer takes its throttle and
   *     request-body effects from {@link Dispatcher#peek()}), asked once its headers are in
   */
  public static MockWebServer start(Function<RecordedRequest, MockResponse> handler,
      Function<RuntimeException, MockResponse> onFailure, java.util.function.Supplier<MockResponse> readPolicy) {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        try {
          return handler.apply(request);
        } catch (RuntimeException e) {
          return onFailure.apply(e);
        }
      }

      @Override
      public MockResponse peek() {
        return readPolicy.get();
      }
    });
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** The server's base URL without a trailing slash. */
  public static String baseUrl(MockWebServer server) {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }
}
