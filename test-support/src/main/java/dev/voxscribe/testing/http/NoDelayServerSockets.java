package dev.voxscribe.testing.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections have Nagle's algorithm off. MockWebServer writes a
 * response's headers and body separately; with Nagle on, the body waits for the client's delayed
 * ACK, adding about 40 ms to every request, which a real service does not do. The listen backlog
 * is at least {@value #BACKLOG}: MockWebServer asks for 50, and a burst of a thousand new
 * connections then loses SYNs to the full queue and waits out the kernel's 1 s and 3 s
 * retransmits, a stall no real service behind a load balancer shows.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {
  public static final NoDelayServerSockets INSTANCE = new NoDelayServerSockets();

  static final int BACKLOG = 4096;

  private NoDelayServerSockets() {}

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new ServerSocket() {
      @Override
      public void bind(java.net.SocketAddress endpoint, int backlog) throws IOException {
        super.bind(endpoint, Math.max(backlog, BACKLOG));
      }

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
