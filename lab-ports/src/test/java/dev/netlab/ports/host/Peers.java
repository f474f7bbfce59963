package dev.netlab.ports.host;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** Plain blocking Java sockets talking to the host's services, as a student's program would. */
final class Peers {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Peers() {}

  /** Connects, sends {@code request} (if any) then FIN, and reads until the server closes. */
  static byte[] tcp(InetSocketAddress to, byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(to, (int) TIMEOUT.toMillis());
      s.setSoTimeout((int) TIMEOUT.toMillis());
      if (request != null) {
        s.getOutputStream().write(request);
        s.shutdownOutput();
      }
      return s.getInputStream().readAllBytes();
    }
  }

  /** Connects and reads exactly {@code n} bytes (the server may go on sending). */
  static byte[] tcpFirst(InetSocketAddress to, int n) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(to, (int) TIMEOUT.toMillis());
      s.setSoTimeout((int) TIMEOUT.toMillis());
      return s.getInputStream().readNBytes(n);
    }
  }

  /** Sends each request as a datagram from one socket and returns each answer. */
  static byte[][] udp(InetSocketAddress to, byte[]... requests) throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout((int) TIMEOUT.toMillis());
      byte[][] answers = new byte[requests.length][];
      for (int i = 0; i < requests.length; i++) {
        s.send(new DatagramPacket(requests[i], requests[i].length, to));
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        s.receive(p);
        answers[i] = Arrays.copyOf(p.getData(), p.getLength());
      }
      return answers;
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
