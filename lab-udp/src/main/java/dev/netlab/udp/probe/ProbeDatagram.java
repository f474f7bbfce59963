package dev.netlab.udp.probe;

import io.netty.buffer.ByteBuf;

/**
 * The raw-datagram lab's wire format, big-endian (network order) throughout:
 *
 * <pre>
 *  0       4    5         8                16               24
 *  +-------+----+---------+----------------+----------------+------------------
 *  | magic |type| (zero)  | seq / total    | sent at (ns)   | padding / report
 *  +-------+----+---------+----------------+----------------+------------------
 * </pre>
 *
 * A DATA datagram carries its sequence number and send time, padded to the chosen size; WARMUP is
 * the same, sent before the DATA during an --omit warm-up. END carries the number of DATA datagrams
 * sent. REPORT carries the receiver's figures as UTF-8 JSON after the header. See docs/udp.md.
 */
public final class ProbeDatagram {
  /** "NLUD": tells netlab probe datagrams from anything else sent to the port. */
  public static final int MAGIC = 0x4e4c5544;

  /** Offset of {@link #MAGIC}, 4 bytes. */
  public static final int MAGIC_OFFSET = 0;

  /** Offset of the type byte. */
  public static final int TYPE_OFFSET = 4;

  /** Offset of the 64-bit sequence number (DATA) or total sent (END). */
  public static final int SEQ_OFFSET = 8;

  /** Offset of the 64-bit send time, nanoseconds since the epoch. */
  public static final int SENT_AT_OFFSET = 16;

  /** Bytes of header; DATA datagrams are at least this long. */
  public static final int HEADER_LENGTH = 24;

  /** Largest UDP payload over IPv4: 65535 - 20 (IP) - 8 (UDP). */
  public static final int MAX_LENGTH = 65_507;

  /** A datagram with data: its sequence number and send time. */
  public static final byte TYPE_DATA = 1;

  /** The sender is done; SEQ holds how many DATA datagrams it sent. */
  public static final byte TYPE_END = 2;

  /** The receiver's figures, as JSON after the header. */
  public static final byte TYPE_REPORT = 3;

  /**
   * Like DATA, sent during the client's --omit warm-up: the receiver runs its accounting code on it
   * (so the code is compiled before the figures start) and leaves it out of the figures.
   */
  public static final byte TYPE_WARMUP = 4;

  private ProbeDatagram() {}

  /** Writes a header into {@code buf} at its writer index. */
  public static ByteBuf writeHeader(ByteBuf buf, byte type, long seq, long sentAtNanos) {
    return buf.writeInt(MAGIC).writeByte(type).writeMedium(0).writeLong(seq).writeLong(sentAtNanos);
  }

  /** Whether {@code buf} (from its reader index) starts with a netlab probe header. */
  public static boolean isProbe(ByteBuf buf) {
    return buf.readableBytes() >= HEADER_LENGTH
        && buf.getInt(buf.readerIndex() + MAGIC_OFFSET) == MAGIC;
  }

  public static byte type(ByteBuf buf) {
    return buf.getByte(buf.readerIndex() + TYPE_OFFSET);
  }

  public static long seq(ByteBuf buf) {
    return buf.getLong(buf.readerIndex() + SEQ_OFFSET);
  }

  public static long sentAt(ByteBuf buf) {
    return buf.getLong(buf.readerIndex() + SENT_AT_OFFSET);
  }

  /** The text after the header (a REPORT's JSON). */
  public static String body(ByteBuf buf) {
    return buf.toString(
        buf.readerIndex() + HEADER_LENGTH,
        buf.readableBytes() - HEADER_LENGTH,
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
