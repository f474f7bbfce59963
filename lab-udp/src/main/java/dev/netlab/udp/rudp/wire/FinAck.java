package dev.netlab.udp.rudp.wire;

import java.nio.ByteBuffer;

/**
 * The FIN-ACK payload: what the receiver delivered, for the sender to check. Big-endian: bytes,
 * datagrams, lost, late, duplicates, reordered (8 bytes each), then the SHA-256 of the delivered
 * bytes (32). See docs/rudp.md.
 */
public record FinAck(
    long bytes,
    long datagrams,
    long lost,
    long late,
    long duplicates,
    long reordered,
    byte[] sha256) {
  /** Bytes of a FIN-ACK's payload. */
  public static final int LENGTH = 8 * 6 + 32;

  public byte[] encode() {
    return ByteBuffer.allocate(LENGTH)
        .putLong(bytes)
        .putLong(datagrams)
        .putLong(lost)
        .putLong(late)
        .putLong(duplicates)
        .putLong(reordered)
        .put(sha256)
        .array();
  }

  public static FinAck decode(byte[] payload) throws RudpFormatException {
    if (payload.length != LENGTH) {
      throw new RudpFormatException(
          "FIN-ACK payload: expected " + LENGTH + " bytes; got " + payload.length);
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    long bytes = b.getLong();
    long datagrams = b.getLong();
    long lost = b.getLong();
    long late = b.getLong();
    long duplicates = b.getLong();
    long reordered = b.getLong();
    byte[] sha = new byte[32];
    b.get(sha);
    return new FinAck(bytes, datagrams, lost, late, duplicates, reordered, sha);
  }
}
