package dev.netlab.tcp.handshake;

import dev.netlab.common.base.Console;
import dev.netlab.common.capture.CaptureSummary;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.PacketPrinter;
import dev.netlab.common.net.Sockets;
import dev.netlab.tcp.TcpInfo;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link HandshakeObserver} saw.
 *
 * @param trace the connection from kernel packets, or null without capture
 * @param firstData the first captured packet carrying data, for the layer-by-layer print
 * @param capture which tool captured where, and what it dropped; null without capture
 * @param handshakeFrames frame numbers of SYN, SYN+ACK and ACK in the saved capture
 * @param captureProblem why nothing was captured, with the fix, or null
 */
public record HandshakeResult(
    InetSocketAddress client,
    InetSocketAddress server,
    double connectMillis,
    Optional<TcpInfo> tcpInfo,
    ConnectionTrace trace,
    Packet firstData,
    CaptureSummary capture,
    List<Integer> handshakeFrames,
    String captureProblem) {

  /** Narrates the result, claim by claim. */
  public void print(Console c) {
    c.claim(
        "IP-1",
        "client %s, server %s: each end is an IP address plus a port",
        Sockets.hostPort(client),
        Sockets.hostPort(server));
    double rtt = trace == null ? -1 : trace.handshakeRttMillis();
    if (rtt >= 0) {
      c.claim(
          "TCP-1",
          "one round trip before any data: SYN out, SYN+ACK back %.3f ms later (kernel"
              + " timestamps); connect() returned to the program after %.3f ms, the rest being"
              + " the JVM's and Netty's own time",
          rtt,
          connectMillis);
    } else {
      c.claim(
          "TCP-1",
          "connect() returned after %.3f ms: one round trip (SYN out, SYN+ACK back) plus the"
              + " JVM's and Netty's own time; the round trip alone is in the kernel's packets%s",
          connectMillis,
          tcpInfo
              .map(i -> String.format(", and TCP_INFO says %.3f ms", i.rttMicros() / 1e3))
              .orElse(""));
    }
    if (trace == null) {
      c.note("no kernel packets: %s", captureProblem);
      c.say("without capture, here is what the kernel reports for the connection:");
      tcpInfo.ifPresentOrElse(
          i -> c.claim("TCP-3", "TCP_INFO: %s", i.describe()),
          () -> c.say("  (TCP_INFO needs the epoll transport on Linux)"));
      return;
    }
    if (capture.dropNote() != null) {
      c.note("%s", capture.dropNote());
    }
    if (trace.rows().isEmpty()) {
      c.note(
          "nothing captured: the capture (%s) saw no packet between %s and %s, so there is no"
              + " handshake to show",
          capture.heading(), Sockets.hostPort(client), Sockets.hostPort(server));
      tcpInfo.ifPresent(i -> c.claim("TCP-3", "TCP_INFO: %s", i.describe()));
      return;
    }
    c.claim("TCP-2", "kernel packets of this connection (%s):", capture.heading());
    trace.table().forEach(c::say);
    c.say("");
    c.claim(
        "TCP-2",
        "client ISN %d, server ISN %d: each side numbers its own bytes from a"
            + " random start; 'rel seq' above counts from it",
        trace.clientIsn(),
        trace.serverIsn());
    c.claim(
        "TCP-2",
        "handshake %s: SYN+ACK acked client ISN + 1, ACK acked server ISN + 1."
            + " Nothing physical was set up: the 'connection' is this shared state in two kernels",
        trace.handshakeComplete() ? "complete" : "INCOMPLETE");
    c.claim(
        "TCP-4",
        "every data byte has a sequence number; each ACK names the next byte"
            + " expected, so a gap would be noticed and sent again");
    if (trace.activeCloser() != null) {
      c.claim(
          "TCP-2",
          "the %s sent the first FIN (active close), so its side %s waits in"
              + " TIME_WAIT (60 s on Linux) so late packets cannot confuse a new connection",
          trace.activeCloser(),
          Sockets.hostPort(trace.activeCloser().equals("client") ? client : server));
    }
    if (firstData != null) {
      c.say("");
      c.claim(
          "STK-1", "the first data packet, layer by layer (%s):", PacketPrinter.oneLine(firstData));
      PacketPrinter.layers(firstData).forEach(c::say);
      c.claim(
          "STK-2",
          "each layer wraps the one above: TCP adds ports, seq/ack, flags and a"
              + " checksum; IP adds addresses and TTL; the link layer adds its own header");
    }
    tcpInfo.ifPresent(i -> c.claim("TCP-3", "TCP_INFO: %s", i.describe()));
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client", Sockets.hostPort(client));
    m.put("server", Sockets.hostPort(server));
    m.put("connect_ms", Math.round(connectMillis * 1000) / 1000.0);
    m.put("capture_tool", capture == null ? null : capture.tool());
    m.put("capture", capture == null ? null : capture.toJson());
    m.put("capture_problem", captureProblem);
    if (trace != null) {
      double rtt = trace.handshakeRttMillis();
      m.put("handshake_rtt_ms", rtt < 0 ? null : Math.round(rtt * 1000) / 1000.0);
      m.put("captured_packets", trace.rows().size());
      m.putAll(trace.toJson());
    }
    tcpInfo.ifPresent(i -> m.put("tcp_info", i.toJson()));
    return m;
  }
}
