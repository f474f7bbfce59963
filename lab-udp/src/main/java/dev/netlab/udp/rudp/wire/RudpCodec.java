package dev.netlab.udp.rudp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The netlab RUDP wire format: one header per UDP datagram, big-endian (network order).
 *
 * <pre>
 *  0       1       2       3       4                               12
 *  +-------+-------+-------+-------+-------------------------------+
 *  |version| type  | flags | nsack |        connection id          |
 *  +-------+-------+-------+-------+-------------------------------+
 *  12              16              20      22      24              28
 *  +---------------+---------------+-------+-------+---------------+
 *  |      seq      |      ack      |window |length |    crc32c     |
 *  +---------------+---------------+-------+-------+---------------+
 *  28: nsack x (start u32, end u32) SACK blocks, then length bytes of payload
 * </pre>
 *
 * The CRC32C covers the whole datagram with the crc field taken as zero. See docs/rudp.md.
 */
public final class RudpCodec {
  /** This format's version; anything else is rejected. */
  public static final int VERSION = 1;

  /** Offset of the version byte. */
  public static final int VERSION_OFFSET = 0;

  /** Offset of the packet type byte ({@code TYPE_*}). */
  public static final int TYPE_OFFSET = 1;

  /**
   * Offset of the flags byte: in SYN, the mode ({@link RudpMode#code()}); in DATA, {@link
   * #FLAG_RETRANSMISSION} or 0.
   */
  public static final int FLAGS_OFFSET = 2;

  /**
   * DATA flag: this copy is a retransmission. The receiver then counts its arrival apart: a resent
   * datagram that fills a hole below newer ones was not reordered by the network.
   */
  public static final int FLAG_RETRANSMISSION = 1;

  /** Offset of the number of SACK blocks that follow the header. */
  public static final int SACK_COUNT_OFFSET = 3;

  /** Offset of the 64-bit connection id, chosen at random by the client. */
  public static final int CONNECTION_ID_OFFSET = 4;

  /** Offset of the 32-bit sequence number, counted in datagrams. */
  public static final int SEQ_OFFSET = 12;

  /** Offset of the 32-bit cumulative acknowledgment: the next sequence number expected. */
  public static final int ACK_OFFSET = 16;

  /** Offset of the 16-bit receive window, in datagrams. */
  public static final int WINDOW_OFFSET = 20;

  /** Offset of the 16-bit payload length. */
  public static final int LENGTH_OFFSET = 22;

  /** Offset of the CRC32C of the whole datagram (this field as zero). */
  public static final int CRC_OFFSET = 24;

  /** Bytes of fixed header. */
  public static final int HEADER_LENGTH = 28;

  /** Bytes per SACK block: start and end sequence numbers. */
  public static final int SACK_BLOCK_LENGTH = 8;

  /** SACK blocks one ACK may carry. */
  public static final int MAX_SACK_BLOCKS = 8;

  /**
   * How far above the cumulative ack a SACK block may end: the largest receive window (16 bits)
   * plus one. A receiver never holds datagrams further ahead than its window.
   */
  public static final long MAX_SACK_SPAN = 1L << 16;

  /** Largest payload: what fits in one UDP datagram over IPv4 after this header. */
  public static final int MAX_PAYLOAD = 65_507 - HEADER_LENGTH;

  public static final int TYPE_SYN = 1;
  public static final int TYPE_SYN_ACK = 2;
  public static final int TYPE_DATA = 3;
  public static final int TYPE_ACK = 4;
  public static final int TYPE_FIN = 5;
  public static final int TYPE_FIN_ACK = 6;
  public static final int TYPE_RST = 7;

  private static final String[] NAMES = {
    "?", "SYN", "SYN-ACK", "DATA", "ACK", "FIN", "FIN-ACK", "RST"
  };

  private static final byte[] ZERO_CRC = new byte[4];

  private RudpCodec() {}

  public static String typeName(int type) {
    return type > 0 && type < NAMES.length ? NAMES[type] : "type " + type;
  }

  /**
   * Bytes {@code p} takes on the wire: header, SACK blocks (at most {@link #MAX_SACK_BLOCKS}),
   * payload.
   */
  public static int length(RudpPacket p) {
    return HEADER_LENGTH
        + Math.min(p.sack().size(), MAX_SACK_BLOCKS) * SACK_BLOCK_LENGTH
        + p.payload().length;
  }

  /** Encodes {@code p} into a new buffer from {@code alloc}, of just the size it needs. */
  public static ByteBuf encode(RudpPacket p, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(length(p));
    encode(p, out);
    return out;
  }

  /** Encodes {@code p} into {@code out} at its writer index, CRC included. */
  public static void encode(RudpPacket p, ByteBuf out) {
    int start = out.writerIndex();
    int nsack = Math.min(p.sack().size(), MAX_SACK_BLOCKS);
    writeHeader(out, p.type(), p.flags(), nsack, p.connectionId(), p.seq(), p.ack(), p.window());
    for (int i = 0; i < nsack; i++) {
      out.writeInt((int) p.sack().get(i)[0]).writeInt((int) p.sack().get(i)[1]);
    }
    out.writeBytes(p.payload());
    seal(out, start);
  }

  /**
   * Writes the header of a DATA datagram whose payload the caller writes next, then calls {@link
   * #seal}: the sender's fast path, without a {@link RudpPacket} or a copy.
   *
   * @return where the datagram starts in {@code out}, for {@link #seal}
   */
  public static int writeDataHeader(ByteBuf out, long id, long seq) {
    int start = out.writerIndex();
    writeHeader(out, TYPE_DATA, 0, 0, id, seq, 0, 0);
    return start;
  }

  private static void writeHeader(
      ByteBuf out, int type, int flags, int nsack, long id, long seq, long ack, int window) {
    out.writeByte(VERSION)
        .writeByte(type)
        .writeByte(flags)
        .writeByte(nsack)
        .writeLong(id)
        .writeInt((int) seq)
        .writeInt((int) ack)
        .writeShort(window)
        .writeShort(0) // length: set by seal
        .writeInt(0); // CRC: set by seal
  }

  /**
   * Completes the datagram from {@code start} to {@code out}'s writer index: sets the payload
   * length (what follows the header and SACK blocks), then the CRC.
   */
  public static void seal(ByteBuf out, int start) {
    int size = out.writerIndex() - start;
    int nsack = out.getUnsignedByte(start + SACK_COUNT_OFFSET);
    out.setShort(start + LENGTH_OFFSET, size - HEADER_LENGTH - nsack * SACK_BLOCK_LENGTH);
    out.setInt(start + CRC_OFFSET, 0);
    CRC32C crc = new CRC32C(); // the field is zero now: one pass over the whole datagram
    update(crc, out, start, size);
    out.setInt(start + CRC_OFFSET, (int) crc.getValue());
  }

  /**
   * Decodes one datagram.
   *
   * @throws RudpFormatException for short, lying, corrupt or unknown datagrams; never anything else
   */
  public static RudpPacket decode(ByteBuf in) throws RudpFormatException {
    check(in);
    int start = in.readerIndex();
    int nsack = in.getUnsignedByte(start + SACK_COUNT_OFFSET);
    List<long[]> sack = new ArrayList<>(nsack);
    for (int i = 0; i < nsack; i++) {
      int at = start + HEADER_LENGTH + i * SACK_BLOCK_LENGTH;
      sack.add(new long[] {in.getUnsignedInt(at), in.getUnsignedInt(at + 4)});
    }
    ByteBuf body = payload(in);
    byte[] payload = new byte[body.readableBytes()];
    body.getBytes(body.readerIndex(), payload);
    return new RudpPacket(
        type(in),
        in.getUnsignedByte(start + FLAGS_OFFSET),
        connectionId(in),
        seq(in),
        in.getUnsignedInt(start + ACK_OFFSET),
        in.getUnsignedShort(start + WINDOW_OFFSET),
        sack,
        payload);
  }

  /**
   * Checks one datagram without decoding it: version, type, length fields, CRC. After it, the
   * accessors ({@link #type}, {@link #seq}, {@link #payload}...) read a datagram known to be whole.
   *
   * @throws RudpFormatException for short, lying, corrupt or unknown datagrams, and SACK blocks
   *     that are empty, inverted or out of range; never anything else
   */
  public static void check(ByteBuf in) throws RudpFormatException {
    int start = in.readerIndex();
    int size = in.readableBytes();
    if (size < HEADER_LENGTH) {
      throw new RudpFormatException(
          "truncated header: expected at least " + HEADER_LENGTH + " bytes; got " + size);
    }
    int version = in.getUnsignedByte(start + VERSION_OFFSET);
    if (version != VERSION) {
      throw new RudpFormatException("unknown version: expected " + VERSION + "; got " + version);
    }
    int type = type(in);
    if (type < TYPE_SYN || type > TYPE_RST) {
      throw new RudpFormatException("unknown packet type " + type);
    }
    int nsack = in.getUnsignedByte(start + SACK_COUNT_OFFSET);
    int length = in.getUnsignedShort(start + LENGTH_OFFSET);
    int expected = HEADER_LENGTH + nsack * SACK_BLOCK_LENGTH + length;
    if (nsack > MAX_SACK_BLOCKS || expected != size) {
      throw new RudpFormatException(
          "length fields say "
              + expected
              + " bytes ("
              + nsack
              + " SACK blocks, "
              + length
              + " payload); the datagram has "
              + size);
    }
    int stored = in.getInt(start + CRC_OFFSET);
    int actual = crc(in, start, size);
    if (stored != actual) {
      throw new RudpFormatException(
          String.format("bad checksum: expected %08x; got %08x", actual, stored));
    }
    checkSack(in, start, nsack);
  }

  /**
   * Every SACK block must lie above the cumulative ack, within {@link #MAX_SACK_SPAN} of it, and
   * hold at least one datagram: ack <= start < end <= ack + span.
   */
  private static void checkSack(ByteBuf in, int start, int nsack) throws RudpFormatException {
    long ack = in.getUnsignedInt(start + ACK_OFFSET);
    for (int i = 0; i < nsack; i++) {
      int at = start + HEADER_LENGTH + i * SACK_BLOCK_LENGTH;
      long from = in.getUnsignedInt(at);
      long to = in.getUnsignedInt(at + 4);
      if (from >= to) {
        throw new RudpFormatException(
            "SACK block " + i + " is empty or inverted: [" + from + ", " + to + ")");
      }
      if (from < ack || to > ack + MAX_SACK_SPAN) {
        throw new RudpFormatException(
            "SACK block "
                + i
                + " out of range: expected within ["
                + ack
                + ", "
                + (ack + MAX_SACK_SPAN)
                + "]; got ["
                + from
                + ", "
                + to
                + ")");
      }
    }
  }

  /** The packet type of a {@link #check checked} datagram. */
  public static int type(ByteBuf in) {
    return in.getUnsignedByte(in.readerIndex() + TYPE_OFFSET);
  }

  /** The connection id of a {@link #check checked} datagram. */
  public static long connectionId(ByteBuf in) {
    return in.getLong(in.readerIndex() + CONNECTION_ID_OFFSET);
  }

  /** The sequence number of a {@link #check checked} datagram. */
  public static long seq(ByteBuf in) {
    return in.getUnsignedInt(in.readerIndex() + SEQ_OFFSET);
  }

  /** The flags byte of a {@link #check checked} datagram. */
  public static int flags(ByteBuf in) {
    return in.getUnsignedByte(in.readerIndex() + FLAGS_OFFSET);
  }

  /**
   * A copy of the DATA datagram {@code d} (its readable bytes) with {@link #FLAG_RETRANSMISSION}
   * set and the CRC32C recomputed; {@code d} is left as it is (a copy of it may still be queued).
   */
  public static ByteBuf retransmission(ByteBuf d, io.netty.buffer.ByteBufAllocator alloc) {
    ByteBuf copy = alloc.directBuffer(d.readableBytes());
    copy.writeBytes(d, d.readerIndex(), d.readableBytes());
    copy.setByte(FLAGS_OFFSET, FLAG_RETRANSMISSION);
    seal(copy, 0);
    return copy;
  }

  /** The payload of a {@link #check checked} datagram, as a slice (no copy, no retain). */
  public static ByteBuf payload(ByteBuf in) {
    int start = in.readerIndex();
    int nsack = in.getUnsignedByte(start + SACK_COUNT_OFFSET);
    return in.slice(
        start + HEADER_LENGTH + nsack * SACK_BLOCK_LENGTH,
        in.getUnsignedShort(start + LENGTH_OFFSET));
  }

  /** CRC32C of {@code length} bytes at {@code start}, the CRC field counted as zero. */
  static int crc(ByteBuf buf, int start, int length) {
    CRC32C crc = new CRC32C();
    update(crc, buf, start, CRC_OFFSET);
    crc.update(ZERO_CRC);
    update(crc, buf, start + CRC_OFFSET + 4, length - CRC_OFFSET - 4);
    return (int) crc.getValue();
  }

  private static void update(CRC32C crc, ByteBuf buf, int at, int length) {
    if (buf.nioBufferCount() == 1) {
      crc.update(buf.nioBuffer(at, length));
    } else {
      byte[] b = new byte[length];
      buf.getBytes(at, b);
      crc.update(b);
    }
  }
}
