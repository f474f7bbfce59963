package dev.netlab.common.capture;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a classic pcap stream (libpcap format, what {@code tcpdump -w -} and {@code dumpcap -P}
 * write): a 24-byte global header, then records of a 16-byte header plus the captured bytes. Byte
 * order and timestamp resolution come from the magic number.
 */
public final class PcapReader implements AutoCloseable {
  /** Magic number with microsecond timestamps, as written by the capturing host. */
  public static final int MAGIC_MICROS = 0xa1b2c3d4;

  /** Magic number with nanosecond timestamps. */
  public static final int MAGIC_NANOS = 0xa1b23c4d;

  /** Bytes in the file's global header. */
  public static final int GLOBAL_HEADER_LENGTH = 24;

  /** Bytes in each record's header: seconds, sub-seconds, captured length, original length. */
  public static final int RECORD_HEADER_LENGTH = 16;

  /** Largest record accepted: well above any snap length, small enough to catch garbage. */
  public static final int MAX_RECORD_LENGTH = 1 << 20;

  private final DataInputStream in;
  private final ByteOrder order;
  private final boolean nanos;
  private final LinkType linkType;
  private final int snapLength;

  /**
   * Reads the global header.
   *
   * @throws PcapFormatException if it is not a pcap stream (pcapng is refused with the fix)
   */
  public PcapReader(InputStream input) throws IOException {
    this.in = new DataInputStream(input);
    byte[] header = new byte[GLOBAL_HEADER_LENGTH];
    try {
      in.readFully(header);
    } catch (EOFException e) {
      throw new PcapFormatException("truncated pcap global header: expected 24 bytes");
    }
    ByteBuffer bb = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
    int magic = bb.getInt(0);
    if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (Integer.reverseBytes(magic) == MAGIC_MICROS
        || Integer.reverseBytes(magic) == MAGIC_NANOS) {
      order = ByteOrder.LITTLE_ENDIAN;
      magic = Integer.reverseBytes(magic);
    } else if (magic == 0x0a0d0d0a) {
      throw new PcapFormatException(
          "this is pcapng, not pcap: convert it with 'editcap -F pcap IN OUT' or capture with -F"
              + " pcap");
    } else {
      throw new PcapFormatException(
          String.format("not a pcap stream: expected magic a1b2c3d4; got %08x", magic));
    }
    nanos = magic == MAGIC_NANOS;
    bb.order(order);
    snapLength = bb.getInt(16);
    linkType = LinkType.of(Integer.toUnsignedLong(bb.getInt(20)) & 0x0fffffff);
  }

  public LinkType linkType() {
    return linkType;
  }

  public int snapLength() {
    return snapLength;
  }

  /**
   * The next record, or {@code null} at a clean end of stream.
   *
   * @throws PcapFormatException on a truncated record or an impossible length
   */
  public PcapRecord next() throws IOException {
    byte[] header = new byte[RECORD_HEADER_LENGTH];
    int first = in.read();
    if (first < 0) {
      return null;
    }
    header[0] = (byte) first;
    try {
      in.readFully(header, 1, RECORD_HEADER_LENGTH - 1);
    } catch (EOFException e) {
      throw new PcapFormatException("truncated pcap record header: expected 16 bytes");
    }
    ByteBuffer bb = ByteBuffer.wrap(header).order(order);
    long seconds = Integer.toUnsignedLong(bb.getInt(0));
    long fraction = Integer.toUnsignedLong(bb.getInt(4));
    int capturedLength = bb.getInt(8);
    int originalLength = bb.getInt(12);
    if (capturedLength < 0 || capturedLength > MAX_RECORD_LENGTH) {
      throw new PcapFormatException(
          "invalid pcap record length: expected 0.."
              + MAX_RECORD_LENGTH
              + "; got "
              + Integer.toUnsignedLong(capturedLength));
    }
    byte[] data = new byte[capturedLength];
    try {
      in.readFully(data);
    } catch (EOFException e) {
      throw new PcapFormatException(
          "truncated pcap record: expected " + capturedLength + " bytes of packet data");
    }
    long ts = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
    return new PcapRecord(ts, originalLength, data);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
