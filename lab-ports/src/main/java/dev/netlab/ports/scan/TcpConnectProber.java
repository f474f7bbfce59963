package dev.netlab.ports.scan;

import dev.netlab.common.base.LabException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A TCP connect scan, nmap's {@code -sT}: an ordinary non-blocking connect() per port. The kernel
 * sends the SYN; a SYN+ACK completes the handshake (open), a RST fails it with ECONNREFUSED
 * (closed), silence until the timeout means something dropped it (filtered). An open port's
 * connection is closed at once with SO_LINGER 0, a RST, as nmap does, so no TIME_WAIT is left (set
 * only then: one system call less for every closed port).
 */
final class TcpConnectProber implements Prober {
  /** Probes of one port that may end in a self-connect before the port is called closed. */
  static final int MAX_SELF_CONNECTS = 3;

  private final InetAddress host;

  TcpConnectProber(InetAddress host) {
    this.host = host;
  }

  @Override
  public String protocol() {
    return "tcp";
  }

  @Override
  public PortResult start(Probe p, Selector selector) throws IOException {
    SocketChannel ch = open();
    p.channel = ch;
    p.tries++;
    try {
      // on loopback the answer is usually in before connect() returns: asking at once (a poll
      // with no wait) saves registering with the selector, a select, and a deferred close
      if (ch.connect(new InetSocketAddress(host, p.port)) || ch.finishConnect()) {
        return connected(p, ch, selector);
      }
    } catch (IOException e) {
      return failed(p, e);
    }
    ch.register(selector, SelectionKey.OP_CONNECT, p);
    return null;
  }

  @Override
  public PortResult ready(Probe p, SelectionKey key, Selector selector) throws IOException {
    SocketChannel ch = (SocketChannel) key.channel();
    try {
      if (!ch.finishConnect()) {
        return null;
      }
    } catch (IOException e) {
      return failed(p, e);
    }
    return connected(p, ch, selector);
  }

  @Override
  public PortResult expired(Probe p) {
    return result(p, PortState.FILTERED, Reason.NO_RESPONSE);
  }

  /**
   * Connected; but on loopback, to a port in the ephemeral range with nothing listening, the kernel
   * may have picked that very port as the client's: a self-connect (simultaneous open) that proves
   * nothing. Probe again from another port.
   */
  private PortResult connected(Probe p, SocketChannel ch, Selector selector) throws IOException {
    if (!ch.getLocalAddress().equals(ch.getRemoteAddress())) {
      ch.setOption(StandardSocketOptions.SO_LINGER, 0);
      return result(p, PortState.OPEN, Reason.SYN_ACK);
    }
    ch.close();
    if (p.tries >= MAX_SELF_CONNECTS) {
      return result(p, PortState.CLOSED, Reason.CONN_REFUSED);
    }
    return start(p, selector);
  }

  private PortResult failed(Probe p, IOException e) throws IOException {
    if (e instanceof ConnectException) {
      return result(p, PortState.CLOSED, Reason.CONN_REFUSED);
    }
    if (e instanceof NoRouteToHostException) {
      return result(p, PortState.FILTERED, Reason.HOST_UNREACH);
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("Network is unreachable")) {
      return result(p, PortState.FILTERED, Reason.NET_UNREACH);
    }
    if (m.contains("Cannot assign requested address")) {
      throw LabException.runtime(
          "the kernel ran out of ephemeral ports for the scan's connections ("
              + m
              + "): lower --concurrency or --rate, or wait for TIME_WAIT to clear");
    }
    if (e instanceof SocketException && m.contains("timed out")) {
      return result(p, PortState.FILTERED, Reason.NO_RESPONSE);
    }
    throw e;
  }

  private static SocketChannel open() throws IOException {
    SocketChannel ch;
    try {
      ch = SocketChannel.open();
    } catch (IOException e) {
      throw tooManyFiles(e);
    }
    ch.configureBlocking(false);
    return ch;
  }

  static IOException tooManyFiles(IOException e) {
    if (String.valueOf(e.getMessage()).contains("Too many open files")) {
      throw LabException.runtime(
          "out of file descriptors ("
              + e.getMessage()
              + "): lower --concurrency, or raise 'ulimit -n'");
    }
    return e;
  }

  private PortResult result(Probe p, PortState state, Reason reason) {
    return new PortResult(protocol(), p.port, state, reason, p.tries);
  }
}
