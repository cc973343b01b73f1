package dev.voxscribe.testing.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections have Nagle's algorithm off. MockWebServer writes a
 * response's headers and body separately; with Nagle on, the body waits for the client's delayed
 * ACK, adding about 40 ms to every request, which a real service does not do.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {
  public static final NoDelayServerSockets INSTANCE = new NoDelayServerSockets();

  private NoDelayServerSockets() {}

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new ServerSocket() {
      @Override
      public Socket accept() throws IOException {
        Socket socket = super.accept();
        socket.setTcpNoDelay(true);
        return socket;
      }
    };
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket s = createServerSocket();
    s.bind(new java.net.InetSocketAddress(port));
    return s;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket s = createServerSocket();
    s.bind(new java.net.InetSocketAddress(port), backlog);
    return s;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    ServerSocket s = createServerSocket();
    s.bind(new java.net.InetSocketAddress(address, port), backlog);
    return s;
  }
}
