package dev.netlab.common.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.testing.CaptureBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PcapngReaderTest {
  static final byte[] UDP_FRAME =
      Frames.ipv4(IpHeader.PROTOCOL_UDP, Frames.udp(5000, 10053, Frames.ascii("hello")));

  static List<PcapngReader.Frame> readAll(byte[] file) throws IOException {
    List<PcapngReader.Frame> out = new ArrayList<>();
    try (CaptureFileReader r = new CaptureFileReader(new ByteArrayInputStream(file))) {
      PcapngReader.Frame f;
      while ((f = r.next()) != null) {
        out.add(f);
      }
    }
    return out;
  }

  @Test
  void readsEnhancedPacketsInEitherByteOrderSkippingOtherBlocks() throws IOException {
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      byte[] file = CaptureBytes.pcapng(101, order, List.of(UDP_FRAME, UDP_FRAME));
      List<PcapngReader.Frame> frames = readAll(file);
      assertThat(frames).as(order.toString()).hasSize(2);
      assertThat(frames.get(0).linkType()).isEqualTo(LinkType.RAW);
      assertThat(frames.get(1).record().data()).isEqualTo(UDP_FRAME);
      assertThat(frames.get(0).record().timestampNanos())
          .isEqualTo(CaptureBytes.FIRST_SECOND * 1_000_000_000L + 500_000);
      Packet p = PacketDecoder.decode(frames.get(0).linkType(), frames.get(0).record());
      assertThat(p.udp().destinationPort()).isEqualTo(10053);
    }
  }

  @Test
  void aSecondSectionMayChangeByteOrderAndInterfaces() throws IOException {
    byte[] first = CaptureBytes.pcapng(101, ByteOrder.BIG_ENDIAN, List.of(UDP_FRAME));
    byte[] second = CaptureBytes.pcapng(0, ByteOrder.LITTLE_ENDIAN, List.of());
    List<PcapngReader.Frame> frames = readAll(Frames.concat(first, second));
    assertThat(frames).hasSize(1);
  }

  @Test
  void classicPcapIsReadThroughTheSameReader() throws IOException {
    byte[] file = CaptureBytes.pcap(101, ByteOrder.LITTLE_ENDIAN, false, List.of(UDP_FRAME));
    try (CaptureFileReader r = new CaptureFileReader(new ByteArrayInputStream(file))) {
      assertThat(r.format()).isEqualTo("pcap");
      assertThat(r.next().record().data()).isEqualTo(UDP_FRAME);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void aTruncatedFileSaysWhereItEnds() {
    byte[] file = CaptureBytes.pcapng(101, ByteOrder.BIG_ENDIAN, List.of(UDP_FRAME));
    assertThatThrownBy(() -> readAll(Arrays.copyOf(file, file.length - 7)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("truncated pcapng");
  }

  @Test
  void aBadByteOrderMagicSaysWhatCame() {
    byte[] shb = CaptureBytes.sectionHeader(ByteOrder.BIG_ENDIAN);
    shb[8] = 0x11;
    assertThatThrownBy(() -> readAll(shb))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("invalid pcapng byte-order magic: expected 1a2b3c4d; got 112b3c4d");
  }

  @Test
  void aPacketOfAnUndescribedInterfaceIsRefused() {
    ByteBuffer epb = ByteBuffer.allocate(20).putInt(3).putLong(0).putInt(0).putInt(0);
    byte[] file =
        Frames.concat(
            CaptureBytes.sectionHeader(ByteOrder.BIG_ENDIAN),
            CaptureBytes.block(PcapngReader.ENHANCED_PACKET, epb.array(), ByteOrder.BIG_ENDIAN));
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("interface 3: expected one of the 0 interfaces");
  }

  @Test
  void blockLengthsThatDisagreeAreRefused() {
    byte[] file = CaptureBytes.pcapng(1, ByteOrder.BIG_ENDIAN, List.of());
    file[file.length - 1] ^= 0x04;
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("pcapng block lengths disagree");
  }
}
