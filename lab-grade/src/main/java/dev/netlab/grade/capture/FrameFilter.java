package dev.netlab.grade.capture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Which frames a check looks at, declared in an exercise file as an object of conditions that must
 * all hold (like a Wireshark display filter joined with "and"). The vocabulary is listed in
 * docs/grading.md; {@link #KEYS} is the list a file may use.
 */
public final class FrameFilter {
  /** Every key a filter may have. */
  public static final Set<String> KEYS =
      Set.of(
          "proto",
          "port",
          "from",
          "flags",
          "has_flags",
          "retransmission",
          "payload_contains",
          "netlab_udp",
          "dns",
          "name",
          "qtype",
          "aa",
          "rcode",
          "authority");

  private final List<Predicate<CapturedFrame>> conditions = new ArrayList<>();
  private final List<String> words = new ArrayList<>();

  private FrameFilter() {}

  /** A filter from its declaration; throws naming the key and what it expects. */
  public static FrameFilter parse(Map<String, Object> m, Bindings b, String where) {
    FrameFilter f = new FrameFilter();
    for (String key : m.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            where
                + ": unknown filter key '"
                + key
                + "'; expected one of "
                + new java.util.TreeSet<>(KEYS));
      }
    }
    Object proto = m.get("proto");
    if (proto != null) {
      String p = Bindings.lower(proto);
      switch (p) {
        case "tcp" -> f.add(CapturedFrame::isTcp, "a TCP segment");
        case "udp" -> f.add(CapturedFrame::isUdp, "a UDP datagram");
        case "dns" -> f.add(c -> c.dns() != null, "a DNS message");
        default ->
            throw new IllegalArgumentException(
                where + ": proto: expected tcp, udp or dns; got '" + proto + "'");
      }
    }
    Object flags = m.get("flags");
    if (flags != null) {
      String want = String.valueOf(flags).strip();
      f.add(
          c -> c.isTcp() && c.packet().tcp().flagString().equals(want),
          "with flags [" + want + "]");
    }
    Object hasFlags = m.get("has_flags");
    if (hasFlags != null) {
      String want = String.valueOf(hasFlags).strip();
      f.add(
          c ->
              c.isTcp()
                  && want.chars().allMatch(ch -> c.packet().tcp().flagString().indexOf(ch) >= 0),
          "with " + want + " among its flags");
    }
    Object port = m.get("port");
    if (port != null) {
      int p = b.port(port, where + ": port");
      Object from = m.get("from");
      if (from == null) {
        f.add(c -> c.hasPort(p), "to or from port " + p);
      } else if (Bindings.lower(from).equals("client")) {
        f.add(c -> c.hasPort(p) && c.sourcePort() != p, "from the client to port " + p);
      } else if (Bindings.lower(from).equals("server")) {
        f.add(c -> c.hasPort(p) && c.sourcePort() == p, "from the server on port " + p);
      } else {
        throw new IllegalArgumentException(
            where + ": from: expected client or server; got '" + from + "'");
      }
    } else if (m.containsKey("from")) {
      throw new IllegalArgumentException(where + ": 'from' needs 'port' (the server's port)");
    }
    if (m.get("retransmission") instanceof Boolean r) {
      f.add(
          c -> c.isTcp() && c.retransmission() == r,
          r ? "that is a retransmission" : "that is not a retransmission");
    }
    Object contains = m.get("payload_contains");
    if (contains != null) {
      byte[] needle = b.fill(String.valueOf(contains)).getBytes(StandardCharsets.UTF_8);
      f.add(
          c -> c.packet() != null && indexOf(c.packet().payload(), needle) >= 0,
          "whose payload contains '" + contains + "'");
    }
    Object labUdp = m.get("netlab_udp");
    if (labUdp != null) {
      String name = Bindings.lower(labUdp);
      byte type = LabUdpPayload.typeNamed(name, where);
      f.add(
          c -> LabUdpPayload.type(c) == type,
          "carrying the UDP lab's " + name.toUpperCase(Locale.ROOT));
    }
    dns(f, m, b, where);
    if (f.conditions.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": an empty filter matches every frame; say which");
    }
    return f;
  }

  private static void dns(FrameFilter f, Map<String, Object> m, Bindings b, String where) {
    Object kind = m.get("dns");
    if (kind != null) {
      boolean response =
          switch (Bindings.lower(kind)) {
            case "query" -> false;
            case "response" -> true;
            default ->
                throw new IllegalArgumentException(
                    where + ": dns: expected query or response; got '" + kind + "'");
          };
      f.add(
          c -> c.dns() != null && c.dns().getHeader().getFlag(Flags.QR) == response,
          response ? "(a DNS response)" : "(a DNS query)");
    }
    Object name = m.get("name");
    if (name != null) {
      String want = trimDot(b.fill(String.valueOf(name)));
      f.add(
          c ->
              c.dns() != null
                  && c.dns().getQuestion() != null
                  && trimDot(c.dns().getQuestion().getName().toString()).equalsIgnoreCase(want),
          "for " + want);
    }
    Object qtype = m.get("qtype");
    if (qtype != null) {
      int t = Type.value(String.valueOf(qtype).strip());
      if (t < 0) {
        throw new IllegalArgumentException(
            where + ": qtype: expected a record type such as A; got '" + qtype + "'");
      }
      f.add(
          c ->
              c.dns() != null
                  && c.dns().getQuestion() != null
                  && c.dns().getQuestion().getType() == t,
          "of type " + Type.string(t));
    }
    if (m.get("aa") instanceof Boolean aa) {
      f.add(
          c -> c.dns() != null && c.dns().getHeader().getFlag(Flags.AA) == aa,
          aa ? "with AA set" : "without AA");
    }
    Object rcode = m.get("rcode");
    if (rcode != null) {
      int r = Rcode.value(String.valueOf(rcode).strip().toUpperCase(Locale.ROOT));
      if (r < 0) {
        throw new IllegalArgumentException(
            where + ": rcode: expected a name such as NXDOMAIN; got '" + rcode + "'");
      }
      f.add(c -> c.dns() != null && c.dns().getRcode() == r, "with rcode " + Rcode.string(r));
    }
    Object authority = m.get("authority");
    if (authority != null) {
      int t = Type.value(String.valueOf(authority).strip());
      if (t < 0) {
        throw new IllegalArgumentException(
            where + ": authority: expected a record type such as SOA; got '" + authority + "'");
      }
      f.add(
          c -> c.dns() != null && hasAuthority(c.dns(), t),
          "with a " + Type.string(t) + " record in its authority section");
    }
  }

  private static boolean hasAuthority(Message m, int type) {
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r.getType() == type) {
        return true;
      }
    }
    return false;
  }

  static String trimDot(String name) {
    String s = name.strip();
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private void add(Predicate<CapturedFrame> p, String word) {
    conditions.add(p);
    words.add(word);
  }

  public boolean matches(CapturedFrame f) {
    return conditions.stream().allMatch(c -> c.test(f));
  }

  /** The filter as words, such as "a TCP segment with flags [S] from the client to port 10007". */
  public String describe() {
    return String.join(" ", words);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
