package dev.netlab.common.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The capture decoder on bytes recorded with tcpdump on this kind of machine (loopback: EN10MB; the
 * "any" interface: LINUX_SLL and LINUX_SLL2), each holding SYN, SYN+ACK, ACK and one data segment
 * "hi netlab\n"; NULL, LOOP and RAW frames are the same IPv4 packets re-wrapped.
 */
class PacketDecoderTest {

  @ParameterizedTest
  @CsvSource({
    "lo-en10mb-ipv4.pcap, EN10MB, 4, 65495, 14",
    "lo-en10mb-ipv6.pcap, EN10MB, 6, 65476, 14",
    "any-linux-sll.pcap, LINUX_SLL, 4, 65495, 16",
    "any-linux-sll2.pcap, LINUX_SLL2, 4, 65495, 20"
  })
  void decodesRecordedHandshakeForEachLinkType(
      String file, LinkType linkType, int ipVersion, int mss, int linkHeader) throws IOException {
    PcapBytes.Recorded rec = PcapBytes.read(file);
    assertThat(rec.linkType()).isEqualTo(linkType);
    assertHandshake(rec.decode(), ipVersion, mss, linkHeader);
  }

  @ParameterizedTest
  @CsvSource({"NULL, 0", "LOOP, 108", "RAW, 101", "RAW, 12"})
  void decodesRewrappedFramesOfOtherLinkTypes(LinkType linkType, int code) throws IOException {
    PcapBytes.Recorded ethernet = PcapBytes.read("lo-en10mb-ipv4.pcap");
    List<byte[]> frames = ethernet.records().stream().map(r -> rewrap(linkType, r.data())).toList();
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      byte[] stream = PcapBytes.stream(code, order, order == ByteOrder.BIG_ENDIAN, frames);
      try (PcapReader reader = new PcapReader(new ByteArrayInputStream(stream))) {
        assertThat(reader.linkType()).isEqualTo(linkType);
        List<Packet> packets = new java.util.ArrayList<>();
        PcapRecord r;
        while ((r = reader.next()) != null) {
          assertThat(r.timestampNanos() % 1_000_000_000L)
              .isEqualTo(order == ByteOrder.BIG_ENDIAN ? 500 : 500_000);
          packets.add(PacketDecoder.decode(reader.linkType(), r));
        }
        assertHandshake(packets, 4, 65495, linkType.headerLength());
      }
    }
  }

  private static byte[] rewrap(LinkType linkType, byte[] ethernetFrame) {
    byte[] ip = Arrays.copyOfRange(ethernetFrame, 14, ethernetFrame.length);
    byte[] header =
        switch (linkType) {
          case NULL -> new byte[] {2, 0, 0, 0}; // AF_INET, little-endian host
          case LOOP -> new byte[] {0, 0, 0, 2}; // AF_INET, network order
          default -> new byte[0];
        };
    byte[] out = Arrays.copyOf(header, header.length + ip.length);
    System.arraycopy(ip, 0, out, header.length, ip.length);
    return out;
  }

  private static void assertHandshake(
      List<Packet> packets, int ipVersion, int mss, int linkHeader) {
    assertThat(packets).hasSize(4);
    TcpSegment syn = packets.get(0).tcp();
    TcpSegment synAck = packets.get(1).tcp();
    TcpSegment ack = packets.get(2).tcp();
    Packet data = packets.get(3);
    assertThat(packets.get(0).ip().version()).isEqualTo(ipVersion);
    assertThat(packets.get(0).layers().get(0).headerLength()).isEqualTo(linkHeader);
    assertThat(syn.flagString()).isEqualTo("S");
    assertThat(syn.mss()).isEqualTo(mss);
    assertThat(syn.windowScale()).isEqualTo(10);
    assertThat(syn.sackPermitted()).isTrue();
    assertThat(syn.timestamps()).isTrue();
    assertThat(synAck.flagString()).isEqualTo("S.");
    assertThat(synAck.ack()).isEqualTo((syn.seq() + 1) & 0xffffffffL);
    assertThat(ack.flagString()).isEqualTo(".");
    assertThat(ack.ack()).isEqualTo((synAck.seq() + 1) & 0xffffffffL);
    assertThat(synAck.sourcePort()).isEqualTo(syn.destinationPort());
    assertThat(data.tcp().flagString()).isEqualTo("P.");
    assertThat(data.tcp().payloadLength()).isEqualTo(10);
    assertThat(new String(data.payload(), StandardCharsets.US_ASCII)).isEqualTo("hi netlab\n");
    assertThat(data.layers()).extracting(Layer::name).endsWith("TCP", "payload");
    assertThat(PacketPrinter.layers(data)).last().asString().contains("10 bytes of application");
  }

  @Test
  void rejectsTruncatedIpv4Header() throws IOException {
    byte[] frame = PcapBytes.read("lo-en10mb-ipv4.pcap").records().get(0).data();
    assertThatThrownBy(() -> decode(LinkType.EN10MB, Arrays.copyOf(frame, 14 + 12)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("truncated IPv4 header");
  }

  @Test
  void rejectsIpv4HeaderLengthBelowTwenty() throws IOException {
    byte[] frame = PcapBytes.read("lo-en10mb-ipv4.pcap").records().get(0).data();
    frame[14] = 0x44; // version 4, IHL 4 words = 16 bytes
    assertThatThrownBy(() -> decode(LinkType.EN10MB, frame))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("got version 4, length 16");
  }

  @Test
  void rejectsTcpDataOffsetLongerThanThePacket() throws IOException {
    byte[] frame = PcapBytes.read("lo-en10mb-ipv4.pcap").records().get(2).data();
    frame[14 + 20 + 12] = (byte) 0xf0; // data offset 60 bytes in a 32-byte TCP segment
    assertThatThrownBy(() -> decode(LinkType.EN10MB, frame))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("invalid TCP data offset");
  }

  @Test
  void rejectsTcpOptionRunningPastTheHeader() throws IOException {
    byte[] frame = PcapBytes.read("lo-en10mb-ipv4.pcap").records().get(0).data();
    frame[14 + 20 + 20 + 1] = 40; // the MSS option claims 40 bytes
    assertThatThrownBy(() -> decode(LinkType.EN10MB, frame))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("runs past the header");
  }

  @Test
  void rejectsUdpLengthThatLies() throws PcapFormatException {
    byte[] ip = {
      0x45,
      0,
      0,
      28,
      0,
      0,
      0,
      0,
      64,
      17,
      0,
      0,
      127,
      0,
      0,
      1,
      127,
      0,
      0,
      1, // IPv4, UDP
      0x27,
      0x11,
      0x27,
      0x12,
      0x01,
      0x00,
      0,
      0 // UDP length 256 in a 28-byte packet
    };
    assertThatThrownBy(() -> decode(LinkType.RAW, ip))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("invalid UDP length: expected 8..8; got 256");
    ip[25] = 8;
    ip[24] = 0;
    Packet p = decode(LinkType.RAW, ip);
    assertThat(p.udp().sourcePort()).isEqualTo(10001);
    assertThat(p.udp().payloadLength()).isZero();
  }

  private static Packet decode(LinkType type, byte[] frame) throws PcapFormatException {
    return PacketDecoder.decode(type, new PcapRecord(0, frame.length, frame));
  }
}
