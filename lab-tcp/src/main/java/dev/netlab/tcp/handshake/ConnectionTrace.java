package dev.netlab.tcp.handshake;

import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.TcpSegment;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One TCP connection read from kernel packets: who sent what, sequence and acknowledgment numbers
 * relative to each side's ISN, and a note on what each segment means (TCP-2, TCP-4).
 */
public final class ConnectionTrace {
  /** Mask for 32-bit sequence arithmetic: sequence numbers wrap around. */
  private static final long SEQ_MASK = 0xffff_ffffL;

  private final List<Row> rows = new ArrayList<>();
  private long clientIsn = -1;
  private long serverIsn = -1;
  private int clientScale = -1;
  private int serverScale = -1;
  private boolean synAckAcksClientIsnPlusOne;
  private boolean ackAcksServerIsnPlusOne;
  private Boolean clientClosedFirst;
  private boolean reset;

  /**
   * One segment of the connection.
   *
   * @param fromClient direction
   * @param relSeq sequence number minus the sender's ISN
   * @param relAck acknowledgment minus the receiver's ISN, or -1 without ACK
   * @param window the receive window in bytes: the raw field shifted by the sender's window scale
   *     once both SYNs offered scaling (never on a SYN itself, RFC 7323)
   */
  public record Row(
      int number,
      double millis,
      boolean fromClient,
      TcpSegment tcp,
      long relSeq,
      long relAck,
      long window,
      String note) {}

  /** Builds the trace of the connection between {@code client} and {@code server}. */
  public static ConnectionTrace of(
      List<Packet> packets, InetSocketAddress client, InetSocketAddress server) {
    ConnectionTrace t = new ConnectionTrace();
    long t0 = -1;
    boolean established = false;
    for (Packet p : packets) {
      if (p.tcp() == null) {
        continue;
      }
      boolean fromClient = p.source().equals(client) && p.destination().equals(server);
      boolean fromServer = p.source().equals(server) && p.destination().equals(client);
      if (!fromClient && !fromServer) {
        continue;
      }
      TcpSegment s = p.tcp();
      if (t0 < 0) {
        t0 = p.timestampNanos();
      }
      String note;
      if (s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK) && fromClient) {
        t.clientIsn = s.seq();
        t.clientScale = s.windowScale();
        note =
            "SYN: the client asks to connect and picks its initial sequence number, ISN " + s.seq();
      } else if (s.has(TcpSegment.SYN) && s.has(TcpSegment.ACK) && fromServer) {
        t.serverIsn = s.seq();
        t.serverScale = s.windowScale();
        t.synAckAcksClientIsnPlusOne =
            t.clientIsn >= 0 && s.ack() == ((t.clientIsn + 1) & SEQ_MASK);
        note =
            "SYN+ACK: the server's ISN is "
                + s.seq()
                + "; ack "
                + s.ack()
                + (t.synAckAcksClientIsnPlusOne ? " = client ISN + 1" : " (not client ISN + 1!)");
      } else if (s.has(TcpSegment.RST)) {
        t.reset = true;
        note = "RST: " + (fromClient ? "the client" : "the server") + " aborts the connection";
      } else if (s.has(TcpSegment.FIN)) {
        if (t.clientClosedFirst == null) {
          t.clientClosedFirst = fromClient;
        }
        note =
            "FIN: "
                + (fromClient ? "the client" : "the server")
                + " has nothing more to send"
                + (s.payloadLength() > 0 ? " (with " + s.payloadLength() + " data bytes)" : "");
      } else if (!established && fromClient && s.has(TcpSegment.ACK) && t.serverIsn >= 0) {
        established = true;
        t.ackAcksServerIsnPlusOne = s.ack() == ((t.serverIsn + 1) & SEQ_MASK);
        note =
            "ACK: ack "
                + s.ack()
                + (t.ackAcksServerIsnPlusOne ? " = server ISN + 1" : " (not server ISN + 1!)")
                + ": both sides are now ESTABLISHED"
                + (s.payloadLength() > 0
                    ? ", and it already carries " + s.payloadLength() + " bytes"
                    : "");
      } else if (s.payloadLength() > 0) {
        note = "data: " + s.payloadLength() + " bytes";
      } else {
        note = "ACK: everything before relative byte " + t.rel(s.ack(), !fromClient) + " arrived";
      }
      long relSeq = t.rel(s.seq(), fromClient);
      long relAck = s.has(TcpSegment.ACK) ? t.rel(s.ack(), !fromClient) : -1;
      int shift =
          s.has(TcpSegment.SYN) || t.clientScale < 0 || t.serverScale < 0
              ? 0
              : fromClient ? t.clientScale : t.serverScale;
      t.rows.add(
          new Row(
              t.rows.size() + 1,
              (p.timestampNanos() - t0) / 1e6,
              fromClient,
              s,
              relSeq,
              relAck,
              (long) s.window() << shift,
              note));
    }
    return t;
  }

  /** A sequence number relative to the ISN of the side that numbers it. */
  private long rel(long value, boolean clientNumbers) {
    long isn = clientNumbers ? clientIsn : serverIsn;
    return isn < 0 ? value : (value - isn) & SEQ_MASK;
  }

  /**
   * The round trip the handshake took on the wire: from the client's SYN to the server's SYN+ACK,
   * by the kernel's timestamps; -1 when either is missing from the capture.
   */
  public double handshakeRttMillis() {
    double syn = -1;
    for (Row r : rows) {
      boolean isSyn = r.tcp().has(TcpSegment.SYN);
      if (isSyn && !r.tcp().has(TcpSegment.ACK) && r.fromClient() && syn < 0) {
        syn = r.millis();
      } else if (isSyn && r.tcp().has(TcpSegment.ACK) && !r.fromClient() && syn >= 0) {
        return r.millis() - syn;
      }
    }
    return -1;
  }

  public List<Row> rows() {
    return rows;
  }

  public long clientIsn() {
    return clientIsn;
  }

  public long serverIsn() {
    return serverIsn;
  }

  /** The whole handshake was seen and both acks were ISN + 1. */
  public boolean handshakeComplete() {
    return clientIsn >= 0
        && serverIsn >= 0
        && synAckAcksClientIsnPlusOne
        && ackAcksServerIsnPlusOne;
  }

  public boolean reset() {
    return reset;
  }

  /** Who sent the first FIN, the side that will wait in TIME_WAIT; null if nobody closed. */
  public String activeCloser() {
    return clientClosedFirst == null ? null : clientClosedFirst ? "client" : "server";
  }

  /** The trace as a table for people. */
  public List<String> table() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "  %3s %9s  %-6s %-5s %10s %10s %6s %8s  %s",
            "#", "time ms", "dir", "flags", "rel seq", "rel ack", "len", "win", "what it means"));
    for (Row r : rows) {
      String opts = r.tcp().optionString();
      lines.add(
          String.format(
              Locale.ROOT,
              "  %3d %9.3f  %-6s %-5s %10d %10s %6d %8d  %s%s",
              r.number(),
              r.millis(),
              r.fromClient() ? "c -> s" : "s -> c",
              r.tcp().flagString(),
              r.relSeq(),
              r.relAck() < 0 ? "-" : String.valueOf(r.relAck()),
              r.tcp().payloadLength(),
              r.window(),
              r.note(),
              opts.isEmpty() ? "" : " [" + opts + "]"));
    }
    return lines;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_isn", clientIsn);
    m.put("server_isn", serverIsn);
    m.put("handshake_complete", handshakeComplete());
    m.put("active_closer", activeCloser());
    List<Map<String, Object>> segs = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("direction", r.fromClient() ? "client_to_server" : "server_to_client");
      s.put("flags", r.tcp().flagString());
      s.put("seq", r.tcp().seq());
      s.put("ack", r.tcp().ack());
      s.put("rel_seq", r.relSeq());
      s.put("rel_ack", r.relAck());
      s.put("len", r.tcp().payloadLength());
      s.put("window", r.window());
      s.put("options", r.tcp().optionString());
      segs.add(s);
    }
    m.put("segments", segs);
    return m;
  }
}
