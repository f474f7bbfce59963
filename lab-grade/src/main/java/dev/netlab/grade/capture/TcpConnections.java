package dev.netlab.grade.capture;

import dev.netlab.common.capture.TcpSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP connections of a capture with one server port, each as its frames in capture order, for
 * the evidence that needs more than one frame: a complete handshake, a complete teardown.
 */
final class TcpConnections {
  private static final long MASK = 0xffff_ffffL;

  private TcpConnections() {}

  /** Each connection's frames, keyed by the client's address and port. */
  static List<List<CapturedFrame>> withPort(CaptureView view, int port) {
    Map<String, List<CapturedFrame>> byClient = new LinkedHashMap<>();
    for (CapturedFrame f : view.frames()) {
      if (f.isTcp() && f.hasPort(port)) {
        boolean fromServer = f.sourcePort() == port;
        String client = String.valueOf(fromServer ? f.packet().destination() : f.packet().source());
        byClient.computeIfAbsent(client, k -> new ArrayList<>()).add(f);
      }
    }
    return List.copyOf(byClient.values());
  }

  /** Whether the frames show SYN, then SYN+ACK acknowledging it, then the ACK of that. */
  static boolean handshakeComplete(List<CapturedFrame> conn, int port) {
    for (CapturedFrame syn : conn) {
      TcpSegment s = syn.packet().tcp();
      if (syn.sourcePort() == port || !s.flagString().equals("S")) {
        continue;
      }
      for (CapturedFrame synAck : after(conn, syn)) {
        TcpSegment sa = synAck.packet().tcp();
        if (synAck.sourcePort() == port
            && sa.has(TcpSegment.SYN)
            && sa.has(TcpSegment.ACK)
            && sa.ack() == ((s.seq() + 1) & MASK)) {
          for (CapturedFrame ack : after(conn, synAck)) {
            TcpSegment a = ack.packet().tcp();
            if (ack.sourcePort() != port
                && !a.has(TcpSegment.SYN)
                && a.has(TcpSegment.ACK)
                && a.ack() == ((sa.seq() + 1) & MASK)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** Whether each side sent a FIN and the other side acknowledged it. */
  static boolean teardownComplete(List<CapturedFrame> conn, int port) {
    return finAcknowledged(conn, port, true) && finAcknowledged(conn, port, false);
  }

  private static boolean finAcknowledged(List<CapturedFrame> conn, int port, boolean byServer) {
    for (CapturedFrame fin : conn) {
      TcpSegment f = fin.packet().tcp();
      if ((fin.sourcePort() == port) != byServer || !f.has(TcpSegment.FIN)) {
        continue;
      }
      long wanted = (f.seq() + f.sequenceLength()) & MASK;
      for (CapturedFrame ack : after(conn, fin)) {
        TcpSegment a = ack.packet().tcp();
        if ((ack.sourcePort() == port) != byServer && a.has(TcpSegment.ACK) && a.ack() == wanted) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<CapturedFrame> after(List<CapturedFrame> conn, CapturedFrame f) {
    return conn.subList(conn.indexOf(f) + 1, conn.size());
  }
}
