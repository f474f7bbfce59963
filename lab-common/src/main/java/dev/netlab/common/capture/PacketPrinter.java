package dev.netlab.common.capture;

import dev.netlab.common.net.Sockets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints captured packets for people: one line each, or one packet layer by layer. */
public final class PacketPrinter {
  /** Payload bytes shown as text in a layer-by-layer print. */
  public static final int PAYLOAD_PREVIEW = 32;

  private PacketPrinter() {}

  /**
   * One packet, layer by layer, each with its header size and fields: what encapsulation adds at
   * every layer (STK-1/2).
   */
  public static List<String> layers(Packet packet) {
    List<String> lines = new ArrayList<>();
    int total = 0;
    for (Layer layer : packet.layers()) {
      total += layer.headerLength();
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              "  %-17s %-21s %3d bytes",
              layer.name(), "(" + layer.layer() + ")", layer.headerLength()));
      if (layer.name().equals("payload")) {
        sb.append(" of header; carries ").append(layer.fields().get("bytes")).append(" bytes");
        if (packet.payload().length > 0) {
          sb.append(": ").append(preview(packet.payload()));
        }
      } else {
        sb.append(": ");
        boolean first = true;
        for (Map.Entry<String, String> e : layer.fields().entrySet()) {
          sb.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
          first = false;
        }
      }
      lines.add(sb.toString());
    }
    lines.add(
        String.format(
            "  headers add %d bytes in front of %d bytes of application data",
            total, packet.capturedLength() - total < 0 ? 0 : payloadBytes(packet)));
    return lines;
  }

  private static int payloadBytes(Packet p) {
    if (p.tcp() != null) {
      return p.tcp().payloadLength();
    }
    if (p.udp() != null) {
      return p.udp().payloadLength();
    }
    return p.payload().length;
  }

  /** One line like tcpdump's: addresses, flags, seq/ack, window, length. */
  public static String oneLine(Packet p) {
    if (p.ip() == null) {
      return p.linkType().description() + " frame, not IP, " + p.capturedLength() + " bytes";
    }
    String from = Sockets.hostPort(p.source());
    String to = Sockets.hostPort(p.destination());
    if (p.tcp() != null) {
      TcpSegment t = p.tcp();
      return String.format(
          "%s > %s: TCP [%s] seq %d ack %d win %d len %d%s",
          from,
          to,
          t.flagString(),
          t.seq(),
          t.ack(),
          t.window(),
          t.payloadLength(),
          t.optionString().isEmpty() ? "" : " [" + t.optionString() + "]");
    }
    if (p.udp() != null) {
      return String.format("%s > %s: UDP len %d", from, to, p.udp().payloadLength());
    }
    return String.format("%s > %s: IP protocol %d", from, to, p.ip().protocol());
  }

  private static String preview(byte[] payload) {
    int n = Math.min(payload.length, PAYLOAD_PREVIEW);
    StringBuilder sb = new StringBuilder("\"");
    String text = new String(payload, 0, n, StandardCharsets.ISO_8859_1);
    for (char c : text.toCharArray()) {
      if (c == '\n') sb.append("\\n");
      else if (c == '\r') sb.append("\\r");
      else if (c < 0x20 || c > 0x7e) sb.append('.');
      else sb.append(c);
    }
    return sb.append(payload.length > n ? "\"..." : "\"").toString();
  }
}
