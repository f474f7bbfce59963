package dev.netlab.udp.rudp.wire;

import java.nio.ByteBuffer;

/**
 * What a SYN announces: the transfer's size in bytes, the payload size of its DATA datagrams, and
 * their number. Big-endian: bytes (8), payload size (2, unsigned), datagrams (4, unsigned).
 *
 * <p>A SYN whose three figures do not agree is malformed: a negative size, a payload size of 0 or
 * past {@link RudpCodec#MAX_PAYLOAD}, or a datagram count other than bytes / payload size rounded
 * up. Transfers are at most {@link #MAX_DATAGRAMS} datagrams, so a 32-bit sequence number never
 * wraps (larger transfers are refused up front rather than wrapped by serial arithmetic).
 */
public record SynPayload(long bytes, int payloadSize, long datagrams) {
  /** Bytes of a SYN's payload. */
  public static final int LENGTH = 14;

  /** Datagrams one transfer may have: sequence numbers 0 .. 2^31 - 2 never wrap. */
  public static final long MAX_DATAGRAMS = Integer.MAX_VALUE;

  /**
   * The SYN payload of a transfer of {@code bytes} in datagrams of {@code payloadSize}.
   *
   * @throws IllegalArgumentException if it could not be sent (too many datagrams, bad sizes)
   */
  public static SynPayload of(long bytes, int payloadSize) {
    if (payloadSize < 1 || payloadSize > RudpCodec.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload size must be 1-" + RudpCodec.MAX_PAYLOAD + " bytes; got " + payloadSize);
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("negative transfer size: " + bytes);
    }
    long datagrams = datagramsFor(bytes, payloadSize);
    if (datagrams > MAX_DATAGRAMS) {
      throw new IllegalArgumentException(
          String.format(
              "%d bytes in %d-byte datagrams is %d datagrams; one transfer takes at most %d (its"
                  + " 32-bit sequence numbers must not wrap): send less, or larger datagrams",
              bytes, payloadSize, datagrams, MAX_DATAGRAMS));
    }
    return new SynPayload(bytes, payloadSize, datagrams);
  }

  private static long datagramsFor(long bytes, int payloadSize) {
    return bytes / payloadSize + (bytes % payloadSize == 0 ? 0 : 1);
  }

  public byte[] encode() {
    return ByteBuffer.allocate(LENGTH)
        .putLong(bytes)
        .putShort((short) payloadSize)
        .putInt((int) datagrams)
        .array();
  }

  /**
   * @throws RudpFormatException if the payload is not a SYN's or its figures disagree
   */
  public static SynPayload decode(byte[] payload) throws RudpFormatException {
    if (payload.length != LENGTH) {
      throw new RudpFormatException(
          "SYN payload: expected " + LENGTH + " bytes; got " + payload.length);
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    long bytes = b.getLong();
    int size = Short.toUnsignedInt(b.getShort());
    long datagrams = Integer.toUnsignedLong(b.getInt());
    if (bytes < 0) {
      throw new RudpFormatException("SYN announces a negative size: " + bytes + " bytes");
    }
    if (size < 1 || size > RudpCodec.MAX_PAYLOAD) {
      throw new RudpFormatException("SYN announces " + size + "-byte datagrams");
    }
    if (datagrams > MAX_DATAGRAMS || datagrams != datagramsFor(bytes, size)) {
      throw new RudpFormatException(
          String.format(
              "SYN announces %d datagrams for %d bytes in %d-byte datagrams",
              datagrams, bytes, size));
    }
    return new SynPayload(bytes, size, datagrams);
  }
}
