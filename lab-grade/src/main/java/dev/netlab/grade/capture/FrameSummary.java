package dev.netlab.grade.capture;

import dev.netlab.common.capture.Packet;
import dev.netlab.common.net.Sockets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Type;

/**
 * What a wrong answer's message shows of the capture around the cited frame: one line per frame
 * with its number, addresses, protocol and TCP flags, and none of the fields questions ask for
 * (sequence numbers, options, TTLs, DNS flags). The value a question expects is blanked out where
 * it shows anyway (a port in an address).
 */
final class FrameSummary {
  /** Frames shown on either side of the cited one. */
  static final int AROUND = 2;

  /** What stands where the expected value would show. */
  static final String HIDDEN = "[hidden]";

  private FrameSummary() {}

  /**
   * The frames around {@code number}, the cited one marked with {@code >}, {@code hide} blanked.
   */
  static String around(CaptureView view, int number, String hide) {
    List<String> lines = new ArrayList<>();
    int from = Math.max(1, number - AROUND);
    int to = Math.min(view.size(), number + AROUND);
    for (int n = from; n <= to; n++) {
      lines.add((n == number ? "  > " : "    ") + line(view.frame(n)));
    }
    String text = String.join("\n", lines);
    if (hide == null || hide.isEmpty()) {
      return text;
    }
    Pattern value = Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(hide) + "(?![0-9A-Za-z])");
    return value.matcher(text).replaceAll(Matcher.quoteReplacement(HIDDEN));
  }

  static String line(CapturedFrame f) {
    String head = "frame " + f.number() + ": ";
    if (f.packet() == null) {
      return head + "not decoded (" + f.problem() + ")";
    }
    Packet p = f.packet();
    if (p.ip() == null) {
      return head + f.linkType().description() + ", not IP";
    }
    String route = Sockets.hostPort(p.source()) + " > " + Sockets.hostPort(p.destination());
    if (f.dns() != null) {
      boolean response = f.dns().getHeader().getFlag(Flags.QR);
      String q =
          f.dns().getQuestion() == null
              ? ""
              : " "
                  + f.dns().getQuestion().getName()
                  + " "
                  + Type.string(f.dns().getQuestion().getType());
      return head + route + " DNS " + (response ? "response" : "query") + q;
    }
    if (f.isTcp()) {
      return head
          + route
          + " TCP ["
          + p.tcp().flagString()
          + "] "
          + p.tcp().payloadLength()
          + " bytes"
          + (f.retransmission() ? " (retransmission)" : "");
    }
    if (f.isUdp()) {
      return head + route + " UDP " + p.udp().payloadLength() + " bytes";
    }
    return head + route + " IP protocol " + p.ip().protocol();
  }
}
