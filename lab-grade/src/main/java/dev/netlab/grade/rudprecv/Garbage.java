package dev.netlab.grade.rudprecv;

import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The datagrams of the garbage case: each one breaks one rule of docs/rudp.md's "a datagram is
 * rejected" list, with a CRC32C that is right where the rule is another, so that only the rule
 * itself can reject it.
 */
final class Garbage {
  /** One malformed datagram and what is wrong with it, for the message. */
  record Datagram(String what, byte[] bytes) {}

  private Garbage() {}

  static List<Datagram> datagrams(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] random = new byte[200];
    r.nextBytes(random);
    byte[] version = data(r.nextLong());
    version[RudpCodec.VERSION_OFFSET] = 2;
    byte[] sacks = data(r.nextLong());
    sacks[RudpCodec.SACK_COUNT_OFFSET] = (byte) 200;
    byte[] length = data(r.nextLong());
    ByteBuffer.wrap(length).putShort(RudpCodec.LENGTH_OFFSET, (short) 1000);
    byte[] type = data(r.nextLong());
    type[RudpCodec.TYPE_OFFSET] = 99;
    return List.of(
        new Datagram("5 bytes 'hello' (shorter than a header)", bytes("hello")),
        new Datagram("28 zero bytes (version 0)", new byte[RudpCodec.HEADER_LENGTH]),
        new Datagram("DATA with version 2", seal(version)),
        new Datagram("DATA with type 99", seal(type)),
        new Datagram("DATA announcing 200 SACK blocks", seal(sacks)),
        new Datagram("DATA whose length field says 1000 bytes for 10", seal(length)),
        new Datagram("200 random bytes", random));
  }

  /** A well-formed SYN of connection {@code id} announcing one datagram. */
  static byte[] syn(long id) {
    return encode(RudpPacket.syn(id, RudpMode.RELIABLE, 64, SynPayload.of(1, 1)));
  }

  private static byte[] data(long id) {
    return encode(RudpPacket.data(id, 0, 0, 0, bytes("0123456789")));
  }

  private static byte[] encode(RudpPacket p) {
    ByteBuf b = Unpooled.buffer();
    try {
      RudpCodec.encode(p, b);
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  /** Writes the CRC32C of the whole datagram, computed with its field as zero. */
  private static byte[] seal(byte[] d) {
    ByteBuffer.wrap(d).putInt(RudpCodec.CRC_OFFSET, 0);
    CRC32C crc = new CRC32C();
    crc.update(d);
    ByteBuffer.wrap(d).putInt(RudpCodec.CRC_OFFSET, (int) crc.getValue());
    return d;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
