package dev.netlab.ports.scan;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Ports in known states on loopback for the scanner's tests. */
final class Peers {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Peers() {}

  /** A port nothing listens on (bound once, then released). */
  static int closedTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  static int closedUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  /**
   * A UDP socket that answers every datagram with a few bytes until closed (not an echo: the JDK
   * cannot send the empty datagram nmap probes with).
   */
  static DatagramSocket udpResponder() throws IOException {
    DatagramSocket s = new DatagramSocket(0, LOOPBACK);
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[2048];
              byte[] reply = "here\n".getBytes(StandardCharsets.US_ASCII);
              while (!s.isClosed()) {
                try {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  s.receive(p);
                  s.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (SocketException e) {
                  return; // closed
                } catch (IOException e) {
                  // one failed reply: keep answering
                }
              }
            },
            "udp-responder");
    t.setDaemon(true);
    t.start();
    return s;
  }
}
