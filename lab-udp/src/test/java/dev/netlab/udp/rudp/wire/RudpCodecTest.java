package dev.netlab.udp.rudp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RudpCodecTest {
  @Property(tries = 500)
  void everyPacketRoundTrips(
      @ForAll @IntRange(min = 1, max = 7) int type,
      @ForAll @IntRange(min = 0, max = 255) int flags,
      @ForAll long id,
      @ForAll @LongRange(min = 0, max = 0xffffffffL) long seq,
      @ForAll @LongRange(min = 0, max = 0xffffffffL) long ack,
      @ForAll @IntRange(min = 0, max = 0xffff) int window,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 0xfffe) Integer> sackStarts,
      @ForAll @Size(max = 1500) byte[] payload)
      throws RudpFormatException {
    List<long[]> sack = new ArrayList<>();
    for (long s : sackStarts) {
      if (ack + s + 2 <= 0xffffffffL) {
        sack.add(new long[] {ack + s, ack + s + 2});
      }
    }
    RudpPacket p = new RudpPacket(type, flags, id, seq, ack, window, sack, payload);
    ByteBuf buf = Unpooled.buffer();
    RudpCodec.encode(p, buf);
    RudpPacket back = RudpCodec.decode(buf);
    assertThat(back).usingRecursiveComparison().isEqualTo(p);
  }

  @Property(tries = 300)
  void theSendersFastPathWritesWhatTheRecordWouldAndReadsBackWithoutCopies(
      @ForAll long id,
      @ForAll @LongRange(min = 0, max = 0xffffffffL) long seq,
      @ForAll @Size(max = 1500) byte[] payload)
      throws RudpFormatException {
    ByteBuf fast = Unpooled.buffer();
    int start = RudpCodec.writeDataHeader(fast, id, seq);
    fast.writeBytes(payload);
    RudpCodec.seal(fast, start);
    ByteBuf viaRecord = Unpooled.buffer();
    RudpCodec.encode(RudpPacket.data(id, seq, 0, 0, payload), viaRecord);
    assertThat(ByteBufUtil.getBytes(fast)).isEqualTo(ByteBufUtil.getBytes(viaRecord));
    RudpCodec.check(fast);
    assertThat(RudpCodec.type(fast)).isEqualTo(RudpCodec.TYPE_DATA);
    assertThat(RudpCodec.connectionId(fast)).isEqualTo(id);
    assertThat(RudpCodec.seq(fast)).isEqualTo(seq);
    assertThat(ByteBufUtil.getBytes(RudpCodec.payload(fast))).isEqualTo(payload);
  }

  @Property(tries = 2000)
  void anyBytesDecodeOrAreRejectedWithTheCodecsOwnException(@ForAll @Size(max = 120) byte[] b) {
    try {
      RudpCodec.decode(Unpooled.wrappedBuffer(b));
    } catch (RudpFormatException expected) {
      // rejected with a reason
    }
  }

  @Property(tries = 500)
  void anySingleBitFlipIsCaught(
      @ForAll @Size(min = 1, max = 200) byte[] payload, @ForAll @IntRange(min = 0) int where) {
    ByteBuf buf = Unpooled.buffer();
    RudpCodec.encode(RudpPacket.data(42, 7, 0, 0, payload), buf);
    int bit = where % (buf.readableBytes() * 8);
    buf.setByte(bit / 8, buf.getByte(bit / 8) ^ (1 << (bit % 8)));
    assertThatThrownBy(() -> RudpCodec.decode(buf)).isInstanceOf(RudpFormatException.class);
  }

  private static ByteBuf ackWith(long ack, long start, long end) {
    ByteBuf buf = Unpooled.buffer();
    RudpCodec.encode(
        new RudpPacket(
            RudpCodec.TYPE_ACK, 0, 1, 0, ack, 100, List.of(new long[] {start, end}), new byte[0]),
        buf);
    return buf;
  }

  @Test
  void acceptsSackBlocksAboveTheAckWithinTheLargestWindow() throws RudpFormatException {
    assertThat(RudpCodec.decode(ackWith(100, 100, 101)).sack()).hasSize(1);
    assertThat(RudpCodec.decode(ackWith(100, 101, 100 + 65_536)).sack()).hasSize(1);
  }

  @Test
  void rejectsInvertedOrEmptySackBlocks() {
    assertThatThrownBy(() -> RudpCodec.decode(ackWith(100, 120, 110)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessage("SACK block 0 is empty or inverted: [120, 110)");
    assertThatThrownBy(() -> RudpCodec.check(ackWith(100, 120, 120)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessage("SACK block 0 is empty or inverted: [120, 120)");
  }

  @Test
  void rejectsSackBlocksOutOfRange() {
    assertThatThrownBy(() -> RudpCodec.decode(ackWith(100, 99, 101)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessage("SACK block 0 out of range: expected within [100, 65636]; got [99, 101)");
    assertThatThrownBy(() -> RudpCodec.decode(ackWith(100, 101, 100 + 65_537)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void rejectsTruncatedHeaders() {
    ByteBuf buf = Unpooled.buffer();
    RudpCodec.encode(RudpPacket.data(1, 2, 0, 0, new byte[10]), buf);
    assertThatThrownBy(() -> RudpCodec.decode(buf.slice(0, 20)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessage("truncated header: expected at least 28 bytes; got 20");
  }

  @Test
  void rejectsLengthFieldsThatLie() {
    ByteBuf buf = Unpooled.buffer();
    RudpCodec.encode(RudpPacket.data(1, 2, 0, 0, new byte[10]), buf);
    buf.setShort(RudpCodec.LENGTH_OFFSET, 500);
    assertThatThrownBy(() -> RudpCodec.decode(buf))
        .isInstanceOf(RudpFormatException.class)
        .hasMessageContaining("length fields say 528 bytes")
        .hasMessageContaining("the datagram has 38");
  }

  @Test
  void encodesAndDecodesInTheMiddleOfABuffer() throws RudpFormatException {
    ByteBuf buf = Unpooled.buffer();
    buf.writeBytes(new byte[] {9, 9, 9}); // an earlier datagram's tail
    List<long[]> sack = List.of(new long[] {10, 12});
    RudpCodec.encode(new RudpPacket(RudpCodec.TYPE_ACK, 0, 5, 0, 7, 64, sack, new byte[3]), buf);
    int start = RudpCodec.writeDataHeader(buf, 6, 8);
    assertThat(start).isEqualTo(3 + RudpCodec.HEADER_LENGTH + RudpCodec.SACK_BLOCK_LENGTH + 3);
    buf.writeBytes(new byte[] {1, 2});
    RudpCodec.seal(buf, start);

    buf.skipBytes(3);
    RudpPacket ack = RudpCodec.decode(buf.readSlice(start - 3));
    assertThat(ack.ack()).isEqualTo(7);
    assertThat(ack.sack()).containsExactly(new long[] {10, 12});
    assertThat(ack.payload()).hasSize(3);
    RudpPacket data = RudpCodec.decode(buf);
    assertThat(data.seq()).isEqualTo(8);
    assertThat(data.payload()).containsExactly(1, 2);
  }

  @Test
  void checksDatagramsSpreadOverSeveralBuffers() throws RudpFormatException {
    ByteBuf whole = Unpooled.buffer();
    RudpCodec.encode(RudpPacket.data(42, 7, 0, 0, new byte[] {1, 2, 3, 4, 5, 6}), whole);
    byte[] bytes = ByteBufUtil.getBytes(whole);
    ByteBuf parts =
        Unpooled.wrappedBuffer(
            Unpooled.wrappedBuffer(bytes, 0, 30), Unpooled.wrappedBuffer(bytes, 30, 4));
    assertThat(parts.nioBufferCount()).isEqualTo(2);
    assertThat(RudpCodec.decode(parts).payload()).containsExactly(1, 2, 3, 4, 5, 6);
    bytes[33] ^= 1;
    assertThatThrownBy(
            () ->
                RudpCodec.decode(
                    Unpooled.wrappedBuffer(
                        Unpooled.wrappedBuffer(bytes, 0, 30),
                        Unpooled.wrappedBuffer(bytes, 30, 4))))
        .isInstanceOf(RudpFormatException.class)
        .hasMessageStartingWith("bad checksum");
  }

  @Test
  void namesEveryPacketTypeAndNumbersUnknownOnes() {
    List<String> names = new ArrayList<>();
    for (int t = 0; t <= 8; t++) {
      names.add(RudpCodec.typeName(t));
    }
    assertThat(names)
        .containsExactly(
            "type 0", "SYN", "SYN-ACK", "DATA", "ACK", "FIN", "FIN-ACK", "RST", "type 8");
    assertThat(RudpCodec.typeName(-1)).isEqualTo("type -1");
    assertThat(RudpPacket.data(1, 2, 0, 0, new byte[0]).typeName()).isEqualTo("DATA");
  }

  @Test
  void rejectsUnknownVersionsTypesAndSackCountsSayingWhatCame() {
    ByteBuf buf = Unpooled.buffer();
    RudpCodec.encode(RudpPacket.data(1, 2, 0, 0, new byte[0]), buf);
    assertThatThrownBy(() -> RudpCodec.decode(buf.copy().setByte(RudpCodec.VERSION_OFFSET, 2)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessage("unknown version: expected 1; got 2");
    assertThatThrownBy(() -> RudpCodec.decode(buf.copy().setByte(RudpCodec.TYPE_OFFSET, 0)))
        .hasMessage("unknown packet type 0");
    assertThatThrownBy(() -> RudpCodec.decode(buf.copy().setByte(RudpCodec.TYPE_OFFSET, 8)))
        .hasMessage("unknown packet type 8");
    ByteBuf nineSacks = buf.copy().setByte(RudpCodec.SACK_COUNT_OFFSET, 9);
    nineSacks.writeBytes(new byte[9 * RudpCodec.SACK_BLOCK_LENGTH]);
    assertThatThrownBy(() -> RudpCodec.decode(nineSacks))
        .hasMessage("length fields say 100 bytes (9 SACK blocks, 0 payload); the datagram has 100");
    ByteBuf badCrc = buf.copy().setInt(RudpCodec.CRC_OFFSET, 0x12345678);
    assertThatThrownBy(() -> RudpCodec.decode(badCrc))
        .hasMessage(
            String.format(
                "bad checksum: expected %08x; got 12345678", buf.getInt(RudpCodec.CRC_OFFSET)));
  }

  @Test
  void aRetransmissionIsTheSameDatagramFlaggedWithAValidChecksum() throws Exception {
    io.netty.buffer.ByteBuf d = io.netty.buffer.Unpooled.buffer();
    d.writeZero(3); // not at the buffer's start, as in a batch
    d.readerIndex(3);
    int start = RudpCodec.writeDataHeader(d, 42, 7);
    d.writeBytes(new byte[] {1, 2, 3});
    RudpCodec.seal(d, start);
    assertThat(RudpCodec.flags(d)).isZero();
    io.netty.buffer.ByteBuf again =
        RudpCodec.retransmission(d, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
    try {
      assertThat(RudpCodec.flags(again)).isEqualTo(RudpCodec.FLAG_RETRANSMISSION);
      RudpPacket p = RudpCodec.decode(again.duplicate());
      assertThat(p.flags()).isEqualTo(RudpCodec.FLAG_RETRANSMISSION);
      assertThat(p.seq()).isEqualTo(7);
      assertThat(p.payload()).containsExactly(1, 2, 3);
    } finally {
      again.release();
      d.release();
    }
  }
}
