package dev.netlab.tcp.connect;

import dev.netlab.common.base.Console;
import dev.netlab.common.capture.CaptureSummary;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.PacketPrinter;
import dev.netlab.common.capture.TcpSegment;
import dev.netlab.common.net.Sockets;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a connection attempt ended.
 *
 * @param local the client's address when established, else null
 * @param packets kernel packets of the attempt (empty without capture)
 * @param frames each packet's frame number in the saved capture, in the same order
 * @param capture which tool captured where, and what it dropped; null without capture
 */
public record ConnectResult(
    InetSocketAddress target,
    InetSocketAddress local,
    Outcome outcome,
    double millis,
    String message,
    List<Packet> packets,
    List<Integer> frames,
    CaptureSummary capture,
    String captureProblem) {

  /** The ways a connect can end. */
  public enum Outcome {
    ESTABLISHED,
    REFUSED,
    TIMED_OUT,
    FAILED
  }

  /** SYNs the client sent: more than one means its kernel retransmitted. */
  public long synCount() {
    return packets.stream()
        .filter(p -> p.tcp() != null && p.tcp().has(TcpSegment.SYN) && !p.tcp().has(TcpSegment.ACK))
        .count();
  }

  /** Frame numbers, in the saved capture, of the SYNs and the RST: the evidence. */
  public List<Integer> evidenceFrames() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < packets.size() && i < frames.size(); i++) {
      TcpSegment s = packets.get(i).tcp();
      if (s != null && (s.has(TcpSegment.RST) || s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK))) {
        out.add(frames.get(i));
      }
    }
    return out;
  }

  public boolean rstSeen() {
    return ConnectProbe.rstSeen(packets);
  }

  /** Milliseconds from the first SYN to each later SYN. */
  public List<Double> synRetransmitOffsets() {
    List<Double> offsets = new ArrayList<>();
    long first = -1;
    for (Packet p : packets) {
      if (p.tcp() != null && p.tcp().has(TcpSegment.SYN) && !p.tcp().has(TcpSegment.ACK)) {
        if (first < 0) {
          first = p.timestampNanos();
        } else {
          offsets.add((p.timestampNanos() - first) / 1e6);
        }
      }
    }
    return offsets;
  }

  /**
   * Milliseconds on the wire from the first SYN to the target's answer (SYN+ACK or RST), by the
   * kernel's timestamps; -1 without both in the capture.
   */
  public double answerMillis() {
    long syn = -1;
    for (Packet p : packets) {
      if (p.tcp() == null) {
        continue;
      }
      boolean isSyn = p.tcp().has(TcpSegment.SYN) && !p.tcp().has(TcpSegment.ACK);
      if (isSyn && syn < 0) {
        syn = p.timestampNanos();
      } else if (syn >= 0 && target.equals(p.source())) {
        return (p.timestampNanos() - syn) / 1e6;
      }
    }
    return -1;
  }

  /** The wire time next to the program's, when the capture has it. */
  private String timing() {
    double wire = answerMillis();
    return wire < 0
        ? String.format(
            Locale.ROOT, "after %.3f ms (the program's time, JVM and Netty included)", millis)
        : String.format(
            Locale.ROOT,
            "%.3f ms after the SYN on the wire (the program saw it after %.3f ms: the rest is the"
                + " JVM's and Netty's own time)",
            wire,
            millis);
  }

  public void print(Console c) {
    String where = Sockets.hostPort(target);
    switch (outcome) {
      case ESTABLISHED ->
          c.claim(
              "TCP-1",
              "connected to %s from %s: the peer answered SYN with SYN+ACK %s, so it can talk"
                  + " before any data is sent",
              where,
              Sockets.hostPort(local),
              timing());
      case REFUSED ->
          c.claim(
              "TCP-1",
              "refused by %s: nothing listens there, so its kernel answered our SYN with RST %s",
              where,
              timing());
      case TIMED_OUT ->
          c.claim(
              "TCP-1",
              "no answer from %s: gave up after %.0f ms; the kernel" + " sent the SYN %d time(s)%s",
              where,
              millis,
              synCount(),
              retransmitText());
      default -> c.say("could not connect to %s: %s", where, message);
    }
    if (!packets.isEmpty()) {
      c.say("kernel packets (%s):", capture.heading());
      if (capture.dropNote() != null) {
        c.note("%s", capture.dropNote());
      }
      long t0 = packets.get(0).timestampNanos();
      for (Packet p : packets) {
        c.say(
            String.format(
                Locale.ROOT,
                "  +%9.3f ms  %s",
                (p.timestampNanos() - t0) / 1e6,
                PacketPrinter.oneLine(p)));
      }
    } else if (captureProblem != null) {
      c.note("kernel packets not shown: %s", captureProblem);
    }
  }

  private String retransmitText() {
    List<Double> offsets = synRetransmitOffsets();
    if (offsets.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(", retransmitted at");
    for (double o : offsets) {
      sb.append(String.format(Locale.ROOT, " +%.0f ms", o));
    }
    return sb.append(backoffText(offsets)).toString();
  }

  /**
   * Names the retransmission pattern seen. Linux starts with a 1 s timeout and doubles it; kernels
   * since 6.5 first retry a few times at the same interval (sysctl
   * net.ipv4.tcp_syn_linear_timeouts).
   */
  static String backoffText(List<Double> offsets) {
    if (offsets.size() < 2) {
      return "";
    }
    double first = offsets.get(0);
    double last = offsets.get(offsets.size() - 1) - offsets.get(offsets.size() - 2);
    return last > first * 1.5
        ? " (the wait grows each time: exponential backoff)"
        : " (equal gaps: this kernel retries at a fixed interval first, see sysctl"
            + " net.ipv4.tcp_syn_linear_timeouts, then doubles the wait)";
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", Sockets.hostPort(target));
    m.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
    m.put("millis", Math.round(millis * 1000) / 1000.0);
    double wire = answerMillis();
    m.put("answer_on_wire_ms", wire < 0 ? null : Math.round(wire * 1000) / 1000.0);
    m.put("local", local == null ? null : Sockets.hostPort(local));
    m.put("syn_sent", packets.isEmpty() ? null : synCount());
    m.put("syn_retransmit_ms", synRetransmitOffsets());
    m.put("rst_seen", packets.isEmpty() ? null : rstSeen());
    m.put("capture_tool", capture == null ? null : capture.tool());
    m.put("capture", capture == null ? null : capture.toJson());
    return m;
  }
}
