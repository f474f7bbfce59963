package dev.netlab.common.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Builds capture files from frames for tests: classic pcap and pcapng, in either byte order, so
 * readers and graders are exercised without the privilege to capture.
 */
public final class CaptureBytes {
  /** pcap's magic number with microsecond timestamps. */
  private static final int PCAP_MICROS = 0xa1b2c3d4;

  private static final int PCAP_NANOS = 0xa1b23c4d;

  /** First frame's timestamp, seconds since the epoch; each later frame is one second on. */
  public static final int FIRST_SECOND = 1_700_000_000;

  private CaptureBytes() {}

  /** A pcap stream with the given link type and frames. */
  public static byte[] pcap(int linkType, ByteOrder order, boolean nanos, List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? PCAP_NANOS : PCAP_MICROS);
    h.putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
    out.writeBytes(h.array());
    int i = 0;
    for (byte[] f : frames) {
      ByteBuffer r = ByteBuffer.allocate(16).order(order);
      r.putInt(FIRST_SECOND + i++).putInt(500).putInt(f.length).putInt(f.length);
      out.writeBytes(r.array());
      out.writeBytes(f);
    }
    return out.toByteArray();
  }

  /**
   * A pcapng stream: a Section Header, one Interface Description of {@code linkType} with
   * nanosecond timestamps (if_tsresol 9), a statistics-like block readers must skip, then one
   * Enhanced Packet Block per frame.
   */
  public static byte[] pcapng(int linkType, ByteOrder order, List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(sectionHeader(order));
    ByteBuffer idb = ByteBuffer.allocate(8 + 8 + 4).order(order);
    idb.putShort((short) linkType).putShort((short) 0).putInt(65535);
    idb.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]);
    idb.putShort((short) 0).putShort((short) 0);
    out.writeBytes(block(0x1, idb.array(), order));
    out.writeBytes(block(0x5, new byte[12], order));
    int i = 0;
    for (byte[] f : frames) {
      long nanos = (FIRST_SECOND + i++) * 1_000_000_000L + 500_000;
      int padded = (f.length + 3) / 4 * 4;
      ByteBuffer epb = ByteBuffer.allocate(20 + padded).order(order);
      epb.putInt(0).putInt((int) (nanos >>> 32)).putInt((int) nanos);
      epb.putInt(f.length).putInt(f.length).put(f);
      out.writeBytes(block(0x6, epb.array(), order));
    }
    return out.toByteArray();
  }

  /** A Section Header Block with an unknown section length and no options. */
  public static byte[] sectionHeader(ByteOrder order) {
    ByteBuffer shb = ByteBuffer.allocate(16).order(order);
    shb.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1);
    return block(0x0a0d0d0a, shb.array(), order);
  }

  /** One block: type, total length, {@code body} (a multiple of 4 bytes), total length. */
  public static byte[] block(int type, byte[] body, ByteOrder order) {
    int length = 12 + body.length;
    return ByteBuffer.allocate(length)
        .order(order)
        .putInt(type)
        .putInt(length)
        .put(body)
        .putInt(length)
        .array();
  }
}
