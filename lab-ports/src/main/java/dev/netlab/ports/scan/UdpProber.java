package dev.netlab.ports.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A UDP scan, nmap's {@code -sU}: a datagram per port from a <em>connected</em> socket, because
 * only a connected socket hears the ICMP port unreachable the host sends back: the kernel turns it
 * into ECONNREFUSED on the next read. A datagram back means open; the ICMP error, closed; silence
 * after every retry, open|filtered, as a silent service and a dropping firewall look the same.
 */
final class UdpProber implements Prober {
  /** Enough for any reply: only whether one came matters. */
  private static final int REPLY_BUFFER = 2048;

  /**
   * The probe's payload. nmap sends an empty datagram to ports it has no payload for, but the JDK
   * cannot: NIO (and java.net, built on it since JDK 15) skips a zero-length write without sending
   * anything. CR LF is what a line-based service reads as an empty line (nmap sends two to echo's
   * port 7); a closed port answers ICMP port unreachable whatever the payload.
   */
  static final byte[] PAYLOAD = {'\r', '\n'};

  private final InetAddress host;
  private final int retries;
  private final ByteBuffer reply = ByteBuffer.allocate(REPLY_BUFFER);

  UdpProber(InetAddress host, int retries) {
    this.host = host;
    this.retries = retries;
  }

  @Override
  public String protocol() {
    return "udp";
  }

  @Override
  public PortResult start(Probe p, Selector selector) throws IOException {
    DatagramChannel ch;
    try {
      ch = DatagramChannel.open();
    } catch (IOException e) {
      throw TcpConnectProber.tooManyFiles(e);
    }
    p.channel = ch;
    ch.configureBlocking(false);
    try {
      ch.connect(new InetSocketAddress(host, p.port));
      send(p, ch);
    } catch (IOException e) {
      return failed(p, e);
    }
    ch.register(selector, SelectionKey.OP_READ, p);
    return null;
  }

  @Override
  public PortResult ready(Probe p, SelectionKey key, Selector selector) throws IOException {
    DatagramChannel ch = (DatagramChannel) key.channel();
    try {
      reply.clear();
      // receive, not read: it tells an empty datagram (an answer) from no datagram at all
      if (ch.receive(reply) == null) {
        return null;
      }
    } catch (IOException e) {
      return failed(p, e);
    }
    return result(p, PortState.OPEN, Reason.UDP_RESPONSE);
  }

  @Override
  public PortResult expired(Probe p) throws IOException {
    if (p.tries > retries) {
      return result(p, PortState.OPEN_FILTERED, Reason.NO_RESPONSE);
    }
    try {
      send(p, (DatagramChannel) p.channel);
    } catch (IOException e) {
      return failed(p, e);
    }
    return null;
  }

  private static void send(Probe p, DatagramChannel ch) throws IOException {
    p.tries++;
    ch.write(ByteBuffer.wrap(PAYLOAD));
  }

  private PortResult failed(Probe p, IOException e) throws IOException {
    if (e instanceof PortUnreachableException) {
      return result(p, PortState.CLOSED, Reason.PORT_UNREACH);
    }
    if (e instanceof NoRouteToHostException) {
      return result(p, PortState.FILTERED, Reason.HOST_UNREACH);
    }
    if (String.valueOf(e.getMessage()).contains("Network is unreachable")) {
      return result(p, PortState.FILTERED, Reason.NET_UNREACH);
    }
    throw e;
  }

  private PortResult result(Probe p, PortState state, Reason reason) {
    return new PortResult(protocol(), p.port, state, reason, p.tries);
  }
}
