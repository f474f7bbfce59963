package dev.netlab.common.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one captured frame: link header, then IPv4 or IPv6, then TCP or UDP, recording each
 * layer's header size and named fields. Every length is checked against the captured bytes, so
 * truncated or lying headers raise {@link PcapFormatException} and never anything else.
 */
public final class PacketDecoder {
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86dd;
  public static final int ETHERTYPE_VLAN = 0x8100;

  /** IPv4 header without options. */
  public static final int IPV4_MIN_HEADER = 20;

  /** IPv6's fixed header. */
  public static final int IPV6_HEADER = 40;

  /** TCP header without options. */
  public static final int TCP_MIN_HEADER = 20;

  private static final int AF_INET = 2;
  private static final int[] AF_INET6 = {10, 24, 28, 30};

  private static final int IPV6_HOP_BY_HOP = 0;
  private static final int IPV6_ROUTING = 43;
  private static final int IPV6_FRAGMENT = 44;
  private static final int IPV6_DEST_OPTS = 60;

  private PacketDecoder() {}

  public static Packet decode(LinkType linkType, PcapRecord record) throws PcapFormatException {
    return new Decoding(linkType, record).run();
  }

  /** The state of decoding one frame: an offset walking through the bytes. */
  private static final class Decoding {
    private final LinkType linkType;
    private final PcapRecord record;
    private final ByteBuffer b;
    private final List<Layer> layers = new ArrayList<>();
    private IpHeader ip;
    private TcpSegment tcp;
    private UdpDatagram udp;

    Decoding(LinkType linkType, PcapRecord record) {
      this.linkType = linkType;
      this.record = record;
      this.b = ByteBuffer.wrap(record.data()).order(ByteOrder.BIG_ENDIAN);
    }

    Packet run() throws PcapFormatException {
      int ipVersion = link();
      int end = b.limit();
      if (ipVersion == 4) {
        ipv4();
      } else if (ipVersion == 6) {
        ipv6();
      }
      if (ip != null) {
        end = Math.min(b.limit(), ipEnd);
        if (ip.protocol() == IpHeader.PROTOCOL_TCP) {
          tcp(end);
        } else if (ip.protocol() == IpHeader.PROTOCOL_UDP) {
          udp(end);
        }
      }
      int from = Math.min(b.position(), end);
      byte[] payload = Arrays.copyOfRange(record.data(), from, Math.max(from, end));
      if (ip != null) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("bytes", String.valueOf(transportPayloadLength()));
        if (payload.length < transportPayloadLength()) {
          f.put("captured", String.valueOf(payload.length));
        }
        layers.add(new Layer("payload", "application", 0, f));
      }
      return new Packet(
          record.timestampNanos(),
          linkType,
          record.data().length,
          List.copyOf(layers),
          ip,
          tcp,
          udp,
          payload);
    }

    private int ipEnd;

    private int transportPayloadLength() {
      if (tcp != null) {
        return tcp.payloadLength();
      }
      if (udp != null) {
        return udp.payloadLength();
      }
      return ip.payloadLength();
    }

    /** Decodes the link header; returns the IP version it announces (0 if not IP). */
    private int link() throws PcapFormatException {
      need(linkType.headerLength(), linkType.description() + " header");
      Map<String, String> f = new LinkedHashMap<>();
      int headerLength = linkType.headerLength();
      int version;
      switch (linkType) {
        case EN10MB -> {
          f.put("destination", mac(0, 6));
          f.put("source", mac(6, 6));
          int type = u16(12);
          while (type == ETHERTYPE_VLAN) {
            need(headerLength + 4, "VLAN tag");
            f.put("vlan", String.valueOf(u16(headerLength) & 0x0fff));
            type = u16(headerLength + 2);
            headerLength += 4;
          }
          f.put("type", etherType(type));
          version = versionOfEtherType(type);
        }
        case NULL, LOOP -> {
          int family =
              linkType == LinkType.LOOP
                  ? b.getInt(0)
                  : ByteBuffer.wrap(record.data(), 0, 4).order(hostOrderGuess()).getInt();
          f.put("family", family + familyName(family));
          version = family == AF_INET ? 4 : isInet6(family) ? 6 : 0;
        }
        case LINUX_SLL -> {
          f.put("packet_type", packetType(u16(0)));
          f.put("arphrd", String.valueOf(u16(2)));
          int addrLen = Math.min(u16(4), 8);
          f.put("address", mac(6, addrLen));
          int type = u16(14);
          f.put("protocol", etherType(type));
          version = versionOfEtherType(type);
        }
        case LINUX_SLL2 -> {
          int type = u16(0);
          f.put("protocol", etherType(type));
          f.put("interface_index", String.valueOf(b.getInt(4)));
          f.put("arphrd", String.valueOf(u16(8)));
          f.put("packet_type", packetType(u8(10)));
          f.put("address", mac(12, Math.min(u8(11), 8)));
          version = versionOfEtherType(type);
        }
        default -> {
          version = record.data().length == 0 ? 0 : (u8(0) >>> 4);
          f.put("note", "no link header: the frame starts with IP");
        }
      }
      layers.add(new Layer(linkType.description(), "network interface", headerLength, f));
      b.position(headerLength);
      return version;
    }

    private void ipv4() throws PcapFormatException {
      int at = b.position();
      need(at + IPV4_MIN_HEADER, "IPv4 header");
      int version = u8(at) >>> 4;
      int ihl = (u8(at) & 0x0f) * 4;
      if (version != 4 || ihl < IPV4_MIN_HEADER) {
        throw new PcapFormatException(
            "invalid IPv4 header: expected version 4 and length >= 20; got version "
                + version
                + ", length "
                + ihl);
      }
      need(at + ihl, "IPv4 options");
      int total = u16(at + 2);
      if (total == 0) {
        total = b.limit() - at; // segmentation offload: the kernel left the length to the NIC
      }
      if (total < ihl) {
        throw new PcapFormatException(
            "invalid IPv4 total length: expected >= header length " + ihl + "; got " + total);
      }
      int flagsFrag = u16(at + 6);
      InetAddress src = addr(at + 12, 4);
      InetAddress dst = addr(at + 16, 4);
      int protocol = u8(at + 9);
      Map<String, String> f = new LinkedHashMap<>();
      f.put("version", "4");
      f.put("header_length", String.valueOf(ihl));
      f.put("total_length", String.valueOf(total));
      f.put("id", String.format("0x%04x", u16(at + 4)));
      f.put(
          "flags",
          ((flagsFrag & 0x4000) != 0 ? "DF" : "") + ((flagsFrag & 0x2000) != 0 ? "MF" : ""));
      f.put("fragment_offset", String.valueOf((flagsFrag & 0x1fff) * 8));
      f.put("ttl", String.valueOf(u8(at + 8)));
      f.put("protocol", protocol + protocolName(protocol));
      f.put("checksum", String.format("0x%04x", u16(at + 10)));
      f.put("source", src.getHostAddress());
      f.put("destination", dst.getHostAddress());
      layers.add(new Layer("IPv4", "internet", ihl, f));
      ip = new IpHeader(4, src, dst, u8(at + 8), protocol, ihl, total - ihl);
      ipEnd = at + total;
      b.position(at + ihl);
    }

    private void ipv6() throws PcapFormatException {
      int at = b.position();
      need(at + IPV6_HEADER, "IPv6 header");
      int version = u8(at) >>> 4;
      if (version != 6) {
        throw new PcapFormatException("invalid IPv6 header: expected version 6; got " + version);
      }
      int payloadLength = u16(at + 4);
      int next = u8(at + 6);
      int hopLimit = u8(at + 7);
      InetAddress src = addr(at + 8, 16);
      InetAddress dst = addr(at + 24, 16);
      int headerLength = IPV6_HEADER;
      Map<String, String> f = new LinkedHashMap<>();
      f.put("version", "6");
      f.put("traffic_class", String.valueOf(((u16(at) >>> 4) & 0xff)));
      f.put("flow_label", String.format("0x%05x", b.getInt(at) & 0xfffff));
      f.put("payload_length", String.valueOf(payloadLength));
      f.put("hop_limit", String.valueOf(hopLimit));
      f.put("source", src.getHostAddress());
      f.put("destination", dst.getHostAddress());
      while (next == IPV6_HOP_BY_HOP
          || next == IPV6_ROUTING
          || next == IPV6_FRAGMENT
          || next == IPV6_DEST_OPTS) {
        int ext = at + headerLength;
        need(ext + 8, "IPv6 extension header");
        int len = next == IPV6_FRAGMENT ? 8 : (u8(ext + 1) + 1) * 8;
        need(ext + len, "IPv6 extension header");
        f.put("extension_" + next, len + " bytes");
        next = u8(ext);
        headerLength += len;
      }
      f.put("next_header", next + protocolName(next));
      if (payloadLength + IPV6_HEADER < headerLength) {
        throw new PcapFormatException(
            "invalid IPv6 payload length: extension headers need "
                + (headerLength - IPV6_HEADER)
                + " bytes; got "
                + payloadLength);
      }
      layers.add(new Layer("IPv6", "internet", headerLength, f));
      ip =
          new IpHeader(
              6,
              src,
              dst,
              hopLimit,
              next,
              headerLength,
              payloadLength + IPV6_HEADER - headerLength);
      ipEnd = at + IPV6_HEADER + payloadLength;
      b.position(at + headerLength);
    }

    private void tcp(int end) throws PcapFormatException {
      int at = b.position();
      need(at + TCP_MIN_HEADER, "TCP header");
      int offsetFlags = u16(at + 12);
      int headerLength = (offsetFlags >>> 12) * 4;
      if (headerLength < TCP_MIN_HEADER || headerLength > ip.payloadLength()) {
        throw new PcapFormatException(
            "invalid TCP data offset: expected 20.."
                + Math.min(60, ip.payloadLength())
                + " bytes; got "
                + headerLength);
      }
      need(at + headerLength, "TCP options");
      int flags = offsetFlags & 0x1ff;
      int mss = -1;
      int wscale = -1;
      boolean sackOk = false;
      boolean ts = false;
      List<long[]> sacks = new ArrayList<>();
      int o = at + TCP_MIN_HEADER;
      int optEnd = at + headerLength;
      while (o < optEnd) {
        int kind = u8(o);
        if (kind == 0) {
          break;
        }
        if (kind == 1) {
          o++;
          continue;
        }
        if (o + 1 >= optEnd || u8(o + 1) < 2 || o + u8(o + 1) > optEnd) {
          throw new PcapFormatException(
              "invalid TCP option " + kind + ": length runs past the header");
        }
        int len = u8(o + 1);
        switch (kind) {
          case 2 -> mss = len == 4 ? u16(o + 2) : mss;
          case 3 -> wscale = len == 3 ? u8(o + 2) : wscale;
          case 4 -> sackOk = true;
          case 5 -> {
            for (int s = o + 2; s + 8 <= o + len; s += 8) {
              sacks.add(new long[] {u32(s), u32(s + 4)});
            }
          }
          case 8 -> ts = true;
          default -> {}
        }
        o += len;
      }
      tcp =
          new TcpSegment(
              u16(at),
              u16(at + 2),
              u32(at + 4),
              u32(at + 8),
              flags,
              u16(at + 14),
              u16(at + 16),
              headerLength,
              ip.payloadLength() - headerLength,
              mss,
              wscale,
              sackOk,
              ts,
              List.copyOf(sacks));
      Map<String, String> f = new LinkedHashMap<>();
      f.put("source_port", String.valueOf(tcp.sourcePort()));
      f.put("destination_port", String.valueOf(tcp.destinationPort()));
      f.put("seq", String.valueOf(tcp.seq()));
      f.put("ack", String.valueOf(tcp.ack()));
      f.put("header_length", String.valueOf(headerLength));
      f.put("flags", tcp.flagString());
      f.put("window", String.valueOf(tcp.window()));
      f.put("checksum", String.format("0x%04x", tcp.checksum()));
      f.put("urgent_pointer", String.valueOf(u16(at + 18)));
      if (!tcp.optionString().isEmpty()) {
        f.put("options", tcp.optionString());
      }
      layers.add(new Layer("TCP", "transport", headerLength, f));
      b.position(Math.min(at + headerLength, end));
    }

    private void udp(int end) throws PcapFormatException {
      int at = b.position();
      need(at + UdpDatagram.HEADER_LENGTH, "UDP header");
      int length = u16(at + 4);
      if (length < UdpDatagram.HEADER_LENGTH || length > ip.payloadLength()) {
        throw new PcapFormatException(
            "invalid UDP length: expected 8.." + ip.payloadLength() + "; got " + length);
      }
      udp = new UdpDatagram(u16(at), u16(at + 2), length, u16(at + 6));
      Map<String, String> f = new LinkedHashMap<>();
      f.put("source_port", String.valueOf(udp.sourcePort()));
      f.put("destination_port", String.valueOf(udp.destinationPort()));
      f.put("length", String.valueOf(length));
      f.put("checksum", String.format("0x%04x", udp.checksum()));
      layers.add(new Layer("UDP", "transport", UdpDatagram.HEADER_LENGTH, f));
      b.position(Math.min(at + UdpDatagram.HEADER_LENGTH, end));
    }

    private void need(int bytes, String what) throws PcapFormatException {
      if (record.data().length < bytes) {
        throw new PcapFormatException(
            "truncated "
                + what
                + ": expected at least "
                + bytes
                + " captured bytes; got "
                + record.data().length);
      }
    }

    /** NULL's family is in the capturing host's order; small values tell which order it was. */
    private ByteOrder hostOrderGuess() {
      return (b.getInt(0) & 0xffff0000) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    private int u8(int at) {
      return b.get(at) & 0xff;
    }

    private int u16(int at) {
      return b.getShort(at) & 0xffff;
    }

    private long u32(int at) {
      return Integer.toUnsignedLong(b.getInt(at));
    }

    private InetAddress addr(int at, int len) {
      try {
        return InetAddress.getByAddress(Arrays.copyOfRange(record.data(), at, at + len));
      } catch (UnknownHostException e) {
        throw new AssertionError("4 or 16 bytes are always an address", e);
      }
    }

    private String mac(int at, int len) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        sb.append(i == 0 ? "" : ":").append(String.format("%02x", u8(at + i)));
      }
      return sb.toString();
    }
  }

  private static int versionOfEtherType(int type) {
    return type == ETHERTYPE_IPV4 ? 4 : type == ETHERTYPE_IPV6 ? 6 : 0;
  }

  private static boolean isInet6(int family) {
    return Arrays.stream(AF_INET6).anyMatch(f -> f == family);
  }

  private static String familyName(int family) {
    return family == AF_INET ? " (IPv4)" : isInet6(family) ? " (IPv6)" : "";
  }

  private static String etherType(int type) {
    return String.format("0x%04x", type)
        + (type == ETHERTYPE_IPV4 ? " (IPv4)" : type == ETHERTYPE_IPV6 ? " (IPv6)" : "");
  }

  private static String packetType(int type) {
    return switch (type) {
      case 0 -> "0 (to us)";
      case 1 -> "1 (broadcast)";
      case 2 -> "2 (multicast)";
      case 3 -> "3 (to another host)";
      case 4 -> "4 (sent by us)";
      default -> String.valueOf(type);
    };
  }

  private static String protocolName(int protocol) {
    return switch (protocol) {
      case IpHeader.PROTOCOL_TCP -> " (TCP)";
      case IpHeader.PROTOCOL_UDP -> " (UDP)";
      case 1 -> " (ICMP)";
      case 58 -> " (ICMPv6)";
      default -> "";
    };
  }
}
