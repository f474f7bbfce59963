package dev.netlab.grade.capture;

import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.TcpSegment;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A field a question asks for, named as Wireshark names it ({@code tcp.seq}, {@code
 * dns.flags.authoritative}), and how an answer is compared with it: numbers as numbers (decimal or
 * 0x hex), flags as yes/no, names without case or a trailing dot.
 */
public enum FrameField {
  IP_TTL("ip.ttl", Kind.NUMBER, f -> ip(f).map(p -> (long) p.ip().ttl())),
  TCP_SRCPORT("tcp.srcport", Kind.NUMBER, f -> tcp(f).map(t -> (long) t.sourcePort())),
  TCP_DSTPORT("tcp.dstport", Kind.NUMBER, f -> tcp(f).map(t -> (long) t.destinationPort())),
  TCP_SEQ("tcp.seq", Kind.NUMBER, f -> tcp(f).map(TcpSegment::seq)),
  TCP_ACK("tcp.ack", Kind.NUMBER, f -> tcp(f).map(TcpSegment::ack)),
  TCP_WINDOW("tcp.window_size_value", Kind.NUMBER, f -> tcp(f).map(t -> (long) t.window())),
  TCP_LEN("tcp.len", Kind.NUMBER, f -> tcp(f).map(t -> (long) t.payloadLength())),
  TCP_MSS(
      "tcp.options.mss_val",
      Kind.NUMBER,
      f -> tcp(f).filter(t -> t.mss() >= 0).map(t -> (long) t.mss())),
  TCP_WSCALE(
      "tcp.options.wscale.shift",
      Kind.NUMBER,
      f -> tcp(f).filter(t -> t.windowScale() >= 0).map(t -> (long) t.windowScale())),
  TCP_SACK_PERM(
      "tcp.options.sack_perm", Kind.FLAG, f -> tcp(f).map(t -> t.sackPermitted() ? 1L : 0L)),
  TCP_TIMESTAMPS(
      "tcp.options.timestamp", Kind.FLAG, f -> tcp(f).map(t -> t.timestamps() ? 1L : 0L)),
  UDP_SRCPORT("udp.srcport", Kind.NUMBER, f -> udp(f).map(p -> (long) p.udp().sourcePort())),
  UDP_DSTPORT("udp.dstport", Kind.NUMBER, f -> udp(f).map(p -> (long) p.udp().destinationPort())),
  UDP_LENGTH("udp.length", Kind.NUMBER, f -> udp(f).map(p -> (long) p.udp().length())),
  /** The UDP lab's sequence number (DATA) or count sent (END), at payload offset 8. */
  NETLAB_UDP_SEQ(
      "netlab.udp.seq",
      Kind.NUMBER,
      f -> {
        var seq = LabUdpPayload.seq(f);
        return seq.isPresent() ? Optional.of(seq.getAsLong()) : Optional.empty();
      }),
  DNS_ID("dns.id", Kind.NUMBER, f -> dns(f).map(m -> (long) m.getHeader().getID())),
  DNS_AA(
      "dns.flags.authoritative",
      Kind.FLAG,
      f -> dns(f).map(m -> m.getHeader().getFlag(Flags.AA) ? 1L : 0L)),
  DNS_RCODE("dns.flags.rcode", Kind.TEXT, f -> dns(f).map(m -> Rcode.string(m.getRcode()))),
  DNS_QRY_NAME(
      "dns.qry.name",
      Kind.TEXT,
      f ->
          dns(f)
              .filter(m -> m.getQuestion() != null)
              .map(m -> FrameFilter.trimDot(m.getQuestion().getName().toString()))),
  DNS_ANSWER_COUNT(
      "dns.count.answers",
      Kind.NUMBER,
      f -> dns(f).map(m -> (long) m.getHeader().getCount(Section.ANSWER))),
  DNS_RESP_TTL("dns.resp.ttl", Kind.NUMBER, f -> first(f, Section.ANSWER).map(Record::getTTL)),
  DNS_SOA_TTL("dns.soa.ttl", Kind.NUMBER, f -> soa(f).map(Record::getTTL)),
  DNS_SOA_SERIAL("dns.soa.serial_number", Kind.NUMBER, f -> soa(f).map(SOARecord::getSerial)),
  DNS_SOA_MINIMUM("dns.soa.minimum_ttl", Kind.NUMBER, f -> soa(f).map(SOARecord::getMinimum));

  /** How an answer is compared with the field's value. */
  public enum Kind {
    NUMBER,
    FLAG,
    TEXT
  }

  private final String wiresharkName;
  private final Kind kind;
  private final Function<CapturedFrame, Optional<?>> read;

  FrameField(String wiresharkName, Kind kind, Function<CapturedFrame, Optional<?>> read) {
    this.wiresharkName = wiresharkName;
    this.kind = kind;
    this.read = read;
  }

  public String wiresharkName() {
    return wiresharkName;
  }

  /** The field named {@code name}; throws naming every field there is. */
  public static FrameField named(String name, String where) {
    for (FrameField f : values()) {
      if (f.wiresharkName.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        where
            + ": unknown field '"
            + name
            + "'; expected one of "
            + List.of(values()).stream().map(FrameField::wiresharkName).toList());
  }

  /** The field's value in frame {@code f} as text, if the frame has it. */
  public Optional<String> value(CapturedFrame f) {
    return read.apply(f).map(String::valueOf);
  }

  /** Whether {@code answer} says the same as {@code value} (this field's value in a frame). */
  public boolean agrees(String value, String answer) {
    String a = answer.strip().toLowerCase(Locale.ROOT);
    switch (kind) {
      case NUMBER -> {
        try {
          long n = a.startsWith("0x") ? Long.parseLong(a.substring(2), 16) : Long.parseLong(a);
          return n == Long.parseLong(value);
        } catch (NumberFormatException e) {
          return false;
        }
      }
      case FLAG -> {
        boolean set = value.equals("1");
        return set
            ? List.of("1", "true", "yes", "set").contains(a)
            : List.of("0", "false", "no", "not set", "clear").contains(a);
      }
      default -> {
        return FrameFilter.trimDot(a).equalsIgnoreCase(FrameFilter.trimDot(value));
      }
    }
  }

  private static Optional<Packet> ip(CapturedFrame f) {
    return Optional.ofNullable(f.packet()).filter(p -> p.ip() != null);
  }

  private static Optional<TcpSegment> tcp(CapturedFrame f) {
    return f.isTcp() ? Optional.of(f.packet().tcp()) : Optional.empty();
  }

  private static Optional<Packet> udp(CapturedFrame f) {
    return f.isUdp() ? Optional.of(f.packet()) : Optional.empty();
  }

  private static Optional<Message> dns(CapturedFrame f) {
    return Optional.ofNullable(f.dns());
  }

  private static Optional<Record> first(CapturedFrame f, int section) {
    return dns(f).flatMap(m -> m.getSection(section).stream().findFirst());
  }

  private static Optional<SOARecord> soa(CapturedFrame f) {
    return dns(f)
        .flatMap(
            m ->
                m.getSection(Section.AUTHORITY).stream()
                    .filter(r -> r.getType() == Type.SOA)
                    .map(SOARecord.class::cast)
                    .findFirst());
  }
}
