package dev.netlab.common.capture;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pcapng file (what Wireshark and dumpcap save by default): a Section Header Block whose
 * byte-order magic sets the section's byte order, Interface Description Blocks that give each
 * interface's link type and timestamp resolution, and Enhanced (or Simple) Packet Blocks holding
 * the frames. Every other block is skipped, as the format asks of readers.
 */
public final class PcapngReader implements AutoCloseable {
  /** Block type of the Section Header Block; also the file's first four bytes. */
  public static final int SECTION_HEADER = 0x0a0d0d0a;

  /** Block type of an Interface Description Block. */
  public static final int INTERFACE_DESCRIPTION = 0x00000001;

  /** Block type of a Simple Packet Block: one frame of interface 0, no timestamp. */
  public static final int SIMPLE_PACKET = 0x00000003;

  /** Block type of an Enhanced Packet Block. */
  public static final int ENHANCED_PACKET = 0x00000006;

  /** The Section Header's byte-order magic, as written by the capturing host. */
  public static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;

  /** Every block: type, total length before the body, total length again after it. */
  public static final int BLOCK_OVERHEAD = 12;

  /** The Interface Description option giving the timestamp resolution. */
  static final int OPTION_IF_TSRESOL = 9;

  /** Microseconds, the resolution of an interface without if_tsresol. */
  static final int DEFAULT_TSRESOL = 6;

  /** Largest block accepted: a frame of {@link PcapReader#MAX_RECORD_LENGTH} and its options. */
  public static final int MAX_BLOCK_LENGTH = PcapReader.MAX_RECORD_LENGTH + 4096;

  private final DataInputStream in;
  private final List<Interface> interfaces = new ArrayList<>();
  private ByteOrder order;

  /** An interface of the current section: its link type and nanoseconds per timestamp unit. */
  private record Interface(LinkType linkType, int snapLength, int tsresol) {
    /** Timestamp units to nanoseconds: if_tsresol is 10^-n, or 2^-n with the high bit set. */
    long nanos(long units) {
      int n = tsresol & 0x7f;
      if ((tsresol & 0x80) != 0) {
        int shift = Math.min(n, 62);
        long fraction = units & ((1L << shift) - 1);
        return (units >>> shift) * 1_000_000_000L
            + new java.math.BigInteger(Long.toString(fraction))
                .multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                .shiftRight(shift)
                .longValue();
      }
      if (n <= 9) {
        return units * (long) Math.pow(10, 9 - n);
      }
      return units / (long) Math.pow(10, Math.min(n - 9, 18));
    }
  }

  /**
   * A frame as pcapng stores it: the record and the link type of its interface.
   *
   * @param interfaceId the index of the Interface Description Block in its section
   */
  public record Frame(LinkType linkType, int interfaceId, PcapRecord record) {}

  /**
   * Reads the Section Header Block.
   *
   * @throws PcapFormatException if the stream does not start with one
   */
  public PcapngReader(InputStream input) throws IOException {
    this.in = new DataInputStream(input);
    int type = readTypeOrEnd();
    if (type != SECTION_HEADER) {
      throw new PcapFormatException(
          String.format("not a pcapng stream: expected block type 0a0d0d0a; got %08x", type));
    }
    readSectionHeader();
  }

  /**
   * The next frame, or {@code null} at a clean end of stream.
   *
   * @throws PcapFormatException on a truncated block, an impossible length, or a frame of an
   *     interface the file never described
   */
  public Frame next() throws IOException {
    while (true) {
      int type = readTypeOrEnd();
      if (type == -1 && endOfStream) {
        return null;
      }
      if (type == SECTION_HEADER) {
        readSectionHeader();
        continue;
      }
      ByteBuffer body = readBody(readInt("block length"));
      switch (type) {
        case INTERFACE_DESCRIPTION -> interfaces.add(describe(body));
        case ENHANCED_PACKET -> {
          return enhanced(body);
        }
        case SIMPLE_PACKET -> {
          return simple(body);
        }
        default -> {
          // statistics, name resolution, custom blocks: nothing a decoder needs
        }
      }
    }
  }

  private boolean endOfStream;

  private int readTypeOrEnd() throws IOException {
    byte[] b = new byte[4];
    int first = in.read();
    if (first < 0) {
      endOfStream = true;
      return -1;
    }
    b[0] = (byte) first;
    readFully(b, 1, 3, "block type");
    return ByteBuffer.wrap(b).order(order == null ? ByteOrder.BIG_ENDIAN : order).getInt();
  }

  private void readSectionHeader() throws IOException {
    byte[] lengthAndMagic = new byte[8];
    readFully(lengthAndMagic, 0, 8, "section header");
    ByteBuffer bb = ByteBuffer.wrap(lengthAndMagic).order(ByteOrder.BIG_ENDIAN);
    int magic = bb.getInt(4);
    if (magic == BYTE_ORDER_MAGIC) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else {
      throw new PcapFormatException(
          String.format("invalid pcapng byte-order magic: expected 1a2b3c4d; got %08x", magic));
    }
    int length = bb.order(order).getInt(0);
    checkLength(length, 28);
    byte[] rest = new byte[length - 12];
    readFully(rest, 0, rest.length, "section header");
    interfaces.clear();
  }

  private Interface describe(ByteBuffer body) throws PcapFormatException {
    need(body, 8, "interface description");
    LinkType linkType = LinkType.of(Short.toUnsignedInt(body.getShort(0)));
    int snapLength = body.getInt(4);
    int tsresol = DEFAULT_TSRESOL;
    body.position(8);
    while (body.remaining() >= 4) {
      int code = Short.toUnsignedInt(body.getShort());
      int length = Short.toUnsignedInt(body.getShort());
      if (code == 0 || length > body.remaining()) {
        break;
      }
      if (code == OPTION_IF_TSRESOL && length >= 1) {
        tsresol = Byte.toUnsignedInt(body.get(body.position()));
      }
      body.position(body.position() + (length + 3) / 4 * 4);
    }
    return new Interface(linkType, snapLength, tsresol);
  }

  private Frame enhanced(ByteBuffer body) throws PcapFormatException {
    need(body, 20, "enhanced packet block");
    int id = body.getInt(0);
    Interface i = iface(id);
    long units =
        Integer.toUnsignedLong(body.getInt(4)) << 32 | Integer.toUnsignedLong(body.getInt(8));
    int captured = body.getInt(12);
    int original = body.getInt(16);
    if (captured < 0 || captured > body.capacity() - 20) {
      throw new PcapFormatException(
          "invalid pcapng captured length: expected 0.."
              + (body.capacity() - 20)
              + "; got "
              + Integer.toUnsignedLong(captured));
    }
    byte[] data = new byte[captured];
    body.get(20, data);
    long nanos = i.nanos(units);
    return new Frame(i.linkType(), id, new PcapRecord(nanos, original, data));
  }

  private Frame simple(ByteBuffer body) throws PcapFormatException {
    need(body, 4, "simple packet block");
    Interface i = iface(0);
    int original = body.getInt(0);
    int captured = Math.min(body.capacity() - 4, Math.max(0, original));
    if (i.snapLength() > 0) {
      captured = Math.min(captured, i.snapLength());
    }
    byte[] data = new byte[captured];
    body.get(4, data);
    return new Frame(i.linkType(), 0, new PcapRecord(0, original, data));
  }

  private Interface iface(int id) throws PcapFormatException {
    if (id < 0 || id >= interfaces.size()) {
      throw new PcapFormatException(
          "pcapng packet of interface "
              + Integer.toUnsignedLong(id)
              + ": expected one of the "
              + interfaces.size()
              + " interfaces described before it");
    }
    return interfaces.get(id);
  }

  private ByteBuffer readBody(int length) throws IOException {
    checkLength(length, BLOCK_OVERHEAD);
    byte[] body = new byte[length - BLOCK_OVERHEAD];
    readFully(body, 0, body.length, "block body");
    int trailer = readInt("block trailer");
    if (trailer != length) {
      throw new PcapFormatException(
          "pcapng block lengths disagree: expected " + length + " at its end; got " + trailer);
    }
    return ByteBuffer.wrap(body).order(order);
  }

  private int readInt(String what) throws IOException {
    byte[] b = new byte[4];
    readFully(b, 0, 4, what);
    return ByteBuffer.wrap(b).order(order).getInt();
  }

  private static void checkLength(int length, int min) throws PcapFormatException {
    if (length < min || length > MAX_BLOCK_LENGTH || length % 4 != 0) {
      throw new PcapFormatException(
          "invalid pcapng block length: expected a multiple of 4 in "
              + min
              + ".."
              + MAX_BLOCK_LENGTH
              + "; got "
              + Integer.toUnsignedLong(length));
    }
  }

  private static void need(ByteBuffer body, int n, String what) throws PcapFormatException {
    if (body.capacity() < n) {
      throw new PcapFormatException(
          "truncated pcapng " + what + ": expected " + n + " bytes; got " + body.capacity());
    }
  }

  private void readFully(byte[] b, int off, int len, String what) throws IOException {
    try {
      in.readFully(b, off, len);
    } catch (EOFException e) {
      throw new PcapFormatException("truncated pcapng " + what + ": the file ends inside it");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
