package dev.netlab.common.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Any bytes either decode or are rejected with the decoder's own exception, never anything else.
 */
class DecoderPropertiesTest {
  @Property(tries = 2000)
  void anyFrameDecodesOrIsRejected(
      @ForAll LinkType linkType, @ForAll @Size(max = 200) byte[] frame) {
    try {
      PacketDecoder.decode(linkType, new PcapRecord(0, frame.length, frame));
    } catch (PcapFormatException expected) {
      // rejected with a reason: fine
    }
  }

  @Property(tries = 2000)
  void anyIpPacketBehindAValidLinkHeaderDecodesOrIsRejected(
      @ForAll @Size(max = 120) byte[] body, @ForAll boolean ipv6) {
    byte[] frame = body.clone();
    if (frame.length > 0) {
      frame[0] = (byte) ((ipv6 ? 0x60 : 0x45) | (frame[0] & 0x0f & (ipv6 ? 0x0f : 0)));
    }
    try {
      PacketDecoder.decode(LinkType.RAW, new PcapRecord(0, frame.length, frame));
    } catch (PcapFormatException expected) {
      // rejected with a reason: fine
    }
  }

  @Property(tries = 1000)
  void anyStreamReadsOrIsRejected(@ForAll @Size(max = 300) byte[] tail) throws IOException {
    byte[] head = PcapBytes.stream(1, java.nio.ByteOrder.BIG_ENDIAN, false, java.util.List.of());
    byte[] s = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, s, head.length, tail.length);
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(s))) {
      PcapRecord rec;
      while ((rec = r.next()) != null) {
        try {
          PacketDecoder.decode(r.linkType(), rec);
        } catch (PcapFormatException expected) {
          // rejected with a reason: fine
        }
      }
    } catch (PcapFormatException expected) {
      // rejected with a reason: fine
    }
  }
}
