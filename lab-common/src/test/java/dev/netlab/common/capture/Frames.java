package dev.netlab.common.capture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds frames field by field for decoder tests, in network byte order. Addresses and ports are
 * fixed unless a test needs them: 10.0.0.1 to 10.0.0.2, 2001:db8::1 to 2001:db8::2.
 */
final class Frames {
  static final byte[] SOURCE_MAC = {0x02, 0x42, (byte) 0xac, 0x11, 0x00, 0x02};
  static final byte[] DESTINATION_MAC = {
    (byte) 0xff, (byte) 0xee, (byte) 0xdd, (byte) 0xcc, (byte) 0xbb, (byte) 0xaa
  };

  /** IPv4's flags and fragment offset field with DF set: a whole, unfragmented packet. */
  static final int DONT_FRAGMENT = 0x4000;

  private Frames() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  /** Ethernet II: destination, source, then one 802.1Q tag per {@code vlanTags} (TCI values). */
  static byte[] ethernet(int etherType, byte[] payload, int... vlanTags) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTags.length + payload.length);
    b.put(DESTINATION_MAC).put(SOURCE_MAC);
    for (int tci : vlanTags) {
      b.putShort((short) PacketDecoder.ETHERTYPE_VLAN).putShort((short) tci);
    }
    return b.putShort((short) etherType).put(payload).array();
  }

  /** An IPv4 header (id 0x1234, TTL 64, checksum 0xbeef) with {@code options}, then payload. */
  static byte[] ipv4(int protocol, int flagsFragment, byte[] options, byte[] payload) {
    int headerLength = 20 + options.length;
    return ByteBuffer.allocate(headerLength + payload.length)
        .put((byte) (0x40 | headerLength / 4))
        .put((byte) 0)
        .putShort((short) (headerLength + payload.length))
        .putShort((short) 0x1234)
        .putShort((short) flagsFragment)
        .put((byte) 64)
        .put((byte) protocol)
        .putShort((short) 0xbeef)
        .put(new byte[] {10, 0, 0, 1})
        .put(new byte[] {10, 0, 0, 2})
        .put(options)
        .put(payload)
        .array();
  }

  static byte[] ipv4(int protocol, byte[] payload) {
    return ipv4(protocol, DONT_FRAGMENT, new byte[0], payload);
  }

  /**
   * An IPv6 header (traffic class 0xb8, flow label 0x12345, hop limit 255), then {@code
   * afterHeader} (extension headers and the upper layer) of which the payload length field counts
   * all.
   */
  static byte[] ipv6(int nextHeader, byte[] afterHeader) {
    return ByteBuffer.allocate(40 + afterHeader.length)
        .putInt(6 << 28 | 0xb8 << 20 | 0x12345)
        .putShort((short) afterHeader.length)
        .put((byte) nextHeader)
        .put((byte) 255)
        .put(v6(1))
        .put(v6(2))
        .put(afterHeader)
        .array();
  }

  /** 2001:db8::{@code last}. */
  static byte[] v6(int last) {
    byte[] a = new byte[16];
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = (byte) 0xb8;
    a[15] = (byte) last;
    return a;
  }

  /** An IPv6 extension header of {@code 8 * (lengthField + 1)} bytes (fragment: always 8). */
  static byte[] extension(int nextHeader, int lengthField) {
    byte[] e = new byte[8 * (lengthField + 1)];
    e[0] = (byte) nextHeader;
    e[1] = (byte) lengthField;
    return e;
  }

  /** A UDP header (checksum 0xabcd) whose length field counts {@code payload}, then payload. */
  static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .putShort((short) sourcePort)
        .putShort((short) destinationPort)
        .putShort((short) (8 + payload.length))
        .putShort((short) 0xabcd)
        .put(payload)
        .array();
  }

  /** A TCP header (window 512, checksum 0x1a2b, urgent pointer 7) with options, then payload. */
  static byte[] tcp(long seq, long ack, int flags, byte[] options, byte[] payload) {
    int headerLength = 20 + options.length;
    return ByteBuffer.allocate(headerLength + payload.length)
        .putShort((short) 40000)
        .putShort((short) 10009)
        .putInt((int) seq)
        .putInt((int) ack)
        .putShort((short) (headerLength / 4 << 12 | flags))
        .putShort((short) 512)
        .putShort((short) 0x1a2b)
        .putShort((short) 7)
        .put(options)
        .put(payload)
        .array();
  }

  static Packet decode(LinkType type, byte[] frame) throws PcapFormatException {
    return PacketDecoder.decode(type, new PcapRecord(0, frame.length, frame));
  }
}
