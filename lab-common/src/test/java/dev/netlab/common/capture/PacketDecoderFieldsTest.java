package dev.netlab.common.capture;

import static dev.netlab.common.capture.Frames.ascii;
import static dev.netlab.common.capture.Frames.concat;
import static dev.netlab.common.capture.Frames.decode;
import static dev.netlab.common.capture.Frames.ethernet;
import static dev.netlab.common.capture.Frames.extension;
import static dev.netlab.common.capture.Frames.ipv4;
import static dev.netlab.common.capture.Frames.ipv6;
import static dev.netlab.common.capture.Frames.tcp;
import static dev.netlab.common.capture.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decoder on frames built by hand, field by field: every layer's fields as printed, and every
 * way a header can lie. Each frame is documented where it is built ({@link Frames}).
 */
@Timeout(30)
class PacketDecoderFieldsTest {
  private static final int TCP = IpHeader.PROTOCOL_TCP;
  private static final int UDP = IpHeader.PROTOCOL_UDP;

  private static InetAddress address(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  private static Map<String, String> fields(Packet p, String layer) {
    return p.layers().stream()
        .filter(l -> l.name().equals(layer))
        .findFirst()
        .orElseThrow()
        .fields();
  }

  @Test
  void decodesUdpOverIpv4OverEthernetAndIgnoresTheFramePadding() throws Exception {
    byte[] ip = ipv4(UDP, udp(5353, 10009, ascii("hi")));
    byte[] frame = Arrays.copyOf(ethernet(PacketDecoder.ETHERTYPE_IPV4, ip), 60);
    Packet p = decode(LinkType.EN10MB, frame);

    assertThat(p.layers())
        .extracting(Layer::name)
        .containsExactly("Ethernet", "IPv4", "UDP", "payload");
    assertThat(p.layers()).extracting(Layer::headerLength).containsExactly(14, 20, 8, 0);
    assertThat(p.layers())
        .extracting(Layer::layer)
        .containsExactly("network interface", "internet", "transport", "application");
    assertThat(fields(p, "Ethernet"))
        .containsExactly(
            entry("destination", "ff:ee:dd:cc:bb:aa"),
            entry("source", "02:42:ac:11:00:02"),
            entry("type", "0x0800 (IPv4)"));
    assertThat(fields(p, "IPv4"))
        .containsExactly(
            entry("version", "4"),
            entry("header_length", "20"),
            entry("total_length", "30"),
            entry("id", "0x1234"),
            entry("flags", "DF"),
            entry("fragment_offset", "0"),
            entry("ttl", "64"),
            entry("protocol", "17 (UDP)"),
            entry("checksum", "0xbeef"),
            entry("source", "10.0.0.1"),
            entry("destination", "10.0.0.2"));
    assertThat(fields(p, "UDP"))
        .containsExactly(
            entry("source_port", "5353"),
            entry("destination_port", "10009"),
            entry("length", "10"),
            entry("checksum", "0xabcd"));
    assertThat(fields(p, "payload")).containsExactly(entry("bytes", "2"));

    assertThat(p.capturedLength()).isEqualTo(60);
    assertThat(p.payload()).isEqualTo(ascii("hi"));
    assertThat(p.ip())
        .isEqualTo(new IpHeader(4, address("10.0.0.1"), address("10.0.0.2"), 64, UDP, 20, 10));
    assertThat(p.udp()).isEqualTo(new UdpDatagram(5353, 10009, 10, 0xabcd));
    assertThat(p.tcp()).isNull();
    assertThat(p.source()).isEqualTo(new InetSocketAddress("10.0.0.1", 5353));
    assertThat(p.destination()).isEqualTo(new InetSocketAddress("10.0.0.2", 10009));
  }

  @Test
  void decodesUdpOverIpv6PastItsExtensionHeadersBehindTwoVlanTags() throws Exception {
    byte[] datagram = udp(53, 10053, ascii("query"));
    byte[] fragment = extension(UDP, 0);
    fragment[1] = 3; // reserved in a fragment header, whose length is always 8
    // hop-by-hop options (16 bytes), then a fragment header (8), then UDP
    byte[] ip = ipv6(0, concat(extension(44, 1), fragment, datagram));
    // first tag: priority 5, VLAN 10; second: VLAN 20 (the inner one is reported)
    Packet p = decode(LinkType.EN10MB, ethernet(PacketDecoder.ETHERTYPE_IPV6, ip, 0xa00a, 0x0014));

    assertThat(p.layers()).extracting(Layer::headerLength).containsExactly(22, 64, 8, 0);
    assertThat(fields(p, "Ethernet"))
        .containsExactly(
            entry("destination", "ff:ee:dd:cc:bb:aa"),
            entry("source", "02:42:ac:11:00:02"),
            entry("vlan", "20"),
            entry("type", "0x86dd (IPv6)"));
    assertThat(fields(p, "IPv6"))
        .containsExactly(
            entry("version", "6"),
            entry("traffic_class", "184"),
            entry("flow_label", "0x12345"),
            entry("payload_length", "37"),
            entry("hop_limit", "255"),
            entry("source", "2001:db8:0:0:0:0:0:1"),
            entry("destination", "2001:db8:0:0:0:0:0:2"),
            entry("extension_0", "16 bytes"),
            entry("extension_44", "8 bytes"),
            entry("next_header", "17 (UDP)"));
    assertThat(p.ip())
        .isEqualTo(
            new IpHeader(6, address("2001:db8::1"), address("2001:db8::2"), 255, UDP, 64, 13));
    assertThat(p.udp()).isEqualTo(new UdpDatagram(53, 10053, 13, 0xabcd));
    assertThat(p.payload()).isEqualTo(ascii("query"));
    assertThat(fields(p, "payload")).containsExactly(entry("bytes", "5"));
  }

  @Test
  void reportsTheVlanIdWithoutThePriorityBits() throws PcapFormatException {
    byte[] ip = ipv4(UDP, udp(1, 2, new byte[0]));
    Packet p = decode(LinkType.EN10MB, ethernet(PacketDecoder.ETHERTYPE_IPV4, ip, 0xe00a));
    assertThat(fields(p, "Ethernet")).containsEntry("vlan", "10");
    assertThat(p.layers().get(0).headerLength()).isEqualTo(18);
    assertThat(p.udp().sourcePort()).isEqualTo(1);
  }

  @Test
  void rejectsAVlanTagCutShort() {
    byte[] frame = Arrays.copyOf(ethernet(PacketDecoder.ETHERTYPE_IPV4, new byte[0], 10), 16);
    assertThatThrownBy(() -> decode(LinkType.EN10MB, frame))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("truncated VLAN tag: expected at least 18 captured bytes; got 16");
  }

  @Test
  void decodesTcpSackBlocksAndTimestampsAsUnsignedNumbers() throws PcapFormatException {
    byte[] options = {
      1,
      1,
      5,
      18, // NOP, NOP, SACK with two blocks:
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xf0,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xf8,
      0,
      0,
      0,
      100,
      0,
      0,
      0,
      (byte) 200,
      1,
      1,
      8,
      10,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      2 // NOP, NOP, timestamps
    };
    byte[] segment =
        tcp(0xffffffffL, 0x80000000L, TcpSegment.ACK | TcpSegment.PSH, options, ascii("data"));
    Packet p = decode(LinkType.RAW, ipv4(TCP, segment));

    TcpSegment t = p.tcp();
    assertThat(t.sackBlocks())
        .containsExactly(new long[] {0xfffffff0L, 0xfffffff8L}, new long[] {100, 200});
    assertThat(t.timestamps()).isTrue();
    assertThat(t.sackPermitted()).isFalse();
    assertThat(t.mss()).isEqualTo(-1);
    assertThat(t.windowScale()).isEqualTo(-1);
    assertThat(t.headerLength()).isEqualTo(52);
    assertThat(t.payloadLength()).isEqualTo(4);
    assertThat(p.payload()).isEqualTo(ascii("data"));
    assertThat(fields(p, "TCP"))
        .containsExactly(
            entry("source_port", "40000"),
            entry("destination_port", "10009"),
            entry("seq", "4294967295"),
            entry("ack", "2147483648"),
            entry("header_length", "52"),
            entry("flags", "P."),
            entry("window", "512"),
            entry("checksum", "0x1a2b"),
            entry("urgent_pointer", "7"),
            entry("options", "TS,sack 4294967280-4294967288,sack 100-200"));
    assertThat(fields(p, "payload")).containsExactly(entry("bytes", "4"));
    assertThat(p.layers()).extracting(Layer::headerLength).containsExactly(0, 20, 52, 0);
    assertThat(p.source()).isEqualTo(new InetSocketAddress("10.0.0.1", 40000));
    assertThat(p.destination()).isEqualTo(new InetSocketAddress("10.0.0.2", 10009));
  }

  @Test
  void decodesSynOptionsSkippingUnknownKindsAndStoppingAtEndOfList() throws PcapFormatException {
    byte[] options = {
      2,
      4,
      0x05,
      (byte) 0xb4, // MSS 1460
      4,
      2, // SACK permitted
      30,
      4,
      0,
      0, // an unknown kind, skipped by its length
      3,
      3,
      7, // window scale 7
      0, // end of list: what follows is not read
      3,
      1,
      0,
      0,
      0,
      0
    };
    Packet p = decode(LinkType.RAW, ipv4(TCP, tcp(1, 0, TcpSegment.SYN, options, new byte[0])));
    assertThat(p.tcp().optionString()).isEqualTo("mss 1460,sackOK,wscale 7");
    assertThat(fields(p, "TCP")).containsEntry("options", "mss 1460,sackOK,wscale 7");
  }

  @Test
  void ignoresMssAndWindowScaleOfTheWrongLength() throws PcapFormatException {
    byte[] options = {2, 3, 0x05, 3, 4, 0, 0, 1};
    Packet p = decode(LinkType.RAW, ipv4(TCP, tcp(1, 0, TcpSegment.SYN, options, new byte[0])));
    assertThat(p.tcp().mss()).isEqualTo(-1);
    assertThat(p.tcp().windowScale()).isEqualTo(-1);
    assertThat(fields(p, "TCP")).doesNotContainKey("options");
  }

  @Test
  void acceptsAnOptionEndingExactlyAtTheHeaderEnd() throws PcapFormatException {
    byte[] atEnd = {1, 1, 1, 1, 2, 4, 0x05, (byte) 0xb4};
    Packet p = decode(LinkType.RAW, ipv4(TCP, tcp(1, 0, TcpSegment.SYN, atEnd, new byte[0])));
    assertThat(p.tcp().mss()).isEqualTo(1460);
  }

  @ParameterizedTest
  @CsvSource({
    // an option whose length byte would be past the header
    "'1,1,1,2', 2",
    // a length below 2 would never advance
    "'3,1,0,0', 3",
    // a length running one byte past the header
    "'1,1,2,3', 2"
  })
  void rejectsTcpOptionsThatRunPastTheHeader(String bytes, int kind) {
    String[] b = bytes.split(",");
    byte[] options = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      options[i] = Byte.parseByte(b[i]);
    }
    byte[] ip = ipv4(TCP, tcp(1, 0, TcpSegment.SYN, options, new byte[0]));
    assertThatThrownBy(() -> decode(LinkType.RAW, ip))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("invalid TCP option " + kind + ": length runs past the header");
  }

  @Test
  void rejectsTcpDataOffsetBelowTwentyNamingTheRange() throws PcapFormatException {
    byte[] segment = tcp(1, 0, TcpSegment.ACK, new byte[0], new byte[8]);
    segment[12] = 0x40; // 16 bytes
    assertThatThrownBy(() -> decode(LinkType.RAW, ipv4(TCP, segment)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("invalid TCP data offset: expected 20..28 bytes; got 16");
    segment[12] = 0x70; // 28 bytes: all of it, fine
    Packet p = decode(LinkType.RAW, ipv4(TCP, segment));
    assertThat(p.tcp().headerLength()).isEqualTo(28);
    assertThat(p.tcp().payloadLength()).isZero();
    assertThat(p.payload()).isEmpty();
  }

  @Test
  void rejectsTcpOptionsCutShortByTheSnapLength() {
    byte[] ip =
        ipv4(TCP, tcp(1, 0, TcpSegment.SYN, new byte[] {1, 1, 1, 1, 1, 1, 1, 1}, new byte[0]));
    // the IP header says 48 bytes; only 46 were captured
    assertThatThrownBy(() -> decode(LinkType.RAW, Arrays.copyOf(ip, 46)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("truncated TCP options: expected at least 48 captured bytes; got 46");
  }

  @Test
  void decodesIpv4OptionsFragmentsAndOtherProtocols() throws PcapFormatException {
    byte[] options = {1, 1, 1, 0}; // three NOPs and end of options
    byte[] ip = ipv4(1, 0x2000 | 185, options, new byte[12]); // MF, offset 185 * 8
    Packet p = decode(LinkType.RAW, ip);
    assertThat(fields(p, "IPv4"))
        .containsEntry("header_length", "24")
        .containsEntry("total_length", "36")
        .containsEntry("flags", "MF")
        .containsEntry("fragment_offset", "1480")
        .containsEntry("protocol", "1 (ICMP)");
    assertThat(fields(p, "payload")).containsExactly(entry("bytes", "12"));
    assertThat(p.ip().payloadLength()).isEqualTo(12);
    assertThat(p.payload()).hasSize(12);
    assertThat(p.source()).isEqualTo(new InetSocketAddress("10.0.0.1", 0));
    assertThat(p.destination()).isEqualTo(new InetSocketAddress("10.0.0.2", 0));

    byte[] both = ipv4(58, 0x6000, new byte[0], new byte[0]);
    assertThat(fields(decode(LinkType.RAW, both), "IPv4"))
        .containsEntry("flags", "DFMF")
        .containsEntry("protocol", "58 (ICMPv6)");
    byte[] none = ipv4(99, 0, new byte[0], new byte[0]);
    assertThat(fields(decode(LinkType.RAW, none), "IPv4"))
        .containsEntry("flags", "")
        .containsEntry("protocol", "99");
  }

  @Test
  void takesAZeroTotalLengthAsWhatWasCaptured() throws PcapFormatException {
    // segmentation offload: the kernel hands the capture a packet before the NIC fills this in
    byte[] ip = ipv4(TCP, tcp(1, 0, TcpSegment.ACK, new byte[0], new byte[100]));
    ip[2] = 0;
    ip[3] = 0;
    Packet p = decode(LinkType.EN10MB, ethernet(PacketDecoder.ETHERTYPE_IPV4, ip));
    assertThat(fields(p, "IPv4")).containsEntry("total_length", "140");
    assertThat(p.tcp().payloadLength()).isEqualTo(100);
    assertThat(p.payload()).hasSize(100);
  }

  @Test
  void saysHowMuchOfThePayloadWasCapturedWhenTheSnapLengthCutIt() throws PcapFormatException {
    byte[] ip = ipv4(UDP, udp(1, 2, new byte[72]));
    Packet cut = decode(LinkType.RAW, Arrays.copyOf(ip, 20 + 8 + 18));
    assertThat(fields(cut, "payload"))
        .containsExactly(entry("bytes", "72"), entry("captured", "18"));
    assertThat(cut.payload()).hasSize(18);
    Packet whole = decode(LinkType.RAW, ip);
    assertThat(fields(whole, "payload")).containsExactly(entry("bytes", "72"));
  }

  @Test
  void rejectsIpv4HeadersThatLie() {
    byte[] v6 = ipv4(UDP, udp(1, 2, new byte[0]));
    v6[0] = 0x65;
    assertThatThrownBy(() -> decode(LinkType.EN10MB, ethernet(PacketDecoder.ETHERTYPE_IPV4, v6)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage(
            "invalid IPv4 header: expected version 4 and length >= 20; got version 6, length 20");
    byte[] shortTotal = ipv4(UDP, udp(1, 2, new byte[0]));
    shortTotal[3] = 19;
    assertThatThrownBy(() -> decode(LinkType.RAW, shortTotal))
        .hasMessage("invalid IPv4 total length: expected >= header length 20; got 19");
  }

  @Test
  void rejectsIpv4OptionsCutShort() {
    byte[] ip = ipv4(TCP, 0, new byte[8], new byte[0]);
    assertThatThrownBy(() -> decode(LinkType.RAW, Arrays.copyOf(ip, 24)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("truncated IPv4 options: expected at least 28 captured bytes; got 24");
  }

  @Test
  void rejectsUdpHeadersThatLie() {
    byte[] ip = ipv4(UDP, udp(1, 2, new byte[4]));
    ip[20 + 5] = 7;
    assertThatThrownBy(() -> decode(LinkType.RAW, ip))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("invalid UDP length: expected 8..12; got 7");
    byte[] cut = ipv4(UDP, udp(1, 2, new byte[0]));
    assertThatThrownBy(() -> decode(LinkType.RAW, Arrays.copyOf(cut, 27)))
        .hasMessage("truncated UDP header: expected at least 28 captured bytes; got 27");
  }

  @Test
  void rejectsIpv6HeadersThatLie() {
    byte[] v4 = ipv6(UDP, udp(1, 2, new byte[0]));
    v4[0] = 0x45;
    assertThatThrownBy(() -> decode(LinkType.EN10MB, ethernet(PacketDecoder.ETHERTYPE_IPV6, v4)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("invalid IPv6 header: expected version 6; got 4");

    byte[] shortPayload = ipv6(0, concat(extension(UDP, 1), udp(1, 2, new byte[0])));
    shortPayload[5] = 8; // the 16-byte hop-by-hop header alone is longer
    assertThatThrownBy(() -> decode(LinkType.RAW, shortPayload))
        .hasMessage("invalid IPv6 payload length: extension headers need 16 bytes; got 8");

    byte[] cutExtension = ipv6(60, extension(UDP, 1));
    assertThatThrownBy(() -> decode(LinkType.RAW, Arrays.copyOf(cutExtension, 40 + 12)))
        .hasMessage("truncated IPv6 extension header: expected at least 56 captured bytes; got 52");
    assertThatThrownBy(() -> decode(LinkType.RAW, Arrays.copyOf(cutExtension, 40 + 6)))
        .hasMessage("truncated IPv6 extension header: expected at least 48 captured bytes; got 46");
  }

  @Test
  void acceptsExtensionHeadersThatFillThePayloadExactly() throws PcapFormatException {
    Packet p = decode(LinkType.RAW, ipv6(43, extension(59, 0))); // routing, then "no next header"
    assertThat(p.ip().headerLength()).isEqualTo(48);
    assertThat(p.ip().payloadLength()).isZero();
    assertThat(fields(p, "IPv6"))
        .containsEntry("extension_43", "8 bytes")
        .containsEntry("next_header", "59");
  }

  @Test
  void keepsNonIpEthernetFramesAsOneLayer() throws PcapFormatException {
    Packet p = decode(LinkType.EN10MB, ethernet(0x0806, new byte[28])); // ARP
    assertThat(p.layers()).extracting(Layer::name).containsExactly("Ethernet");
    assertThat(fields(p, "Ethernet")).containsEntry("type", "0x0806");
    assertThat(p.ip()).isNull();
    assertThat(p.payload()).hasSize(28);
  }

  @Test
  void rejectsAFrameShorterThanItsLinkHeader() {
    assertThatThrownBy(() -> decode(LinkType.EN10MB, new byte[10]))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("truncated Ethernet header: expected at least 14 captured bytes; got 10");
  }

  @ParameterizedTest
  @CsvSource({
    // NULL: the capturing host's order, guessed from which half is zero
    "NULL, '2,0,0,0', 4, 2 (IPv4)",
    "NULL, '0,0,0,2', 4, 2 (IPv4)",
    "NULL, '24,0,0,0', 6, 24 (IPv6)",
    "NULL, '0,0,0,10', 6, 10 (IPv6)",
    "NULL, '28,0,0,0', 6, 28 (IPv6)",
    "NULL, '30,0,0,0', 6, 30 (IPv6)",
    "NULL, '11,0,0,0', 0, 11",
    // LOOP: always network order
    "LOOP, '0,0,0,2', 4, 2 (IPv4)",
    "LOOP, '0,0,0,24', 6, 24 (IPv6)",
    "LOOP, '2,0,0,0', 0, 33554432"
  })
  void readsTheAddressFamilyOfLoopbackHeaders(
      LinkType type, String header, int ipVersion, String family) throws PcapFormatException {
    String[] h = header.split(",");
    byte[] link = new byte[4];
    for (int i = 0; i < 4; i++) {
      link[i] = Byte.parseByte(h[i]);
    }
    byte[] ip =
        ipVersion == 6 ? ipv6(UDP, udp(1, 2, new byte[0])) : ipv4(UDP, udp(1, 2, new byte[0]));
    Packet p = decode(type, concat(link, ip));
    assertThat(fields(p, type.description())).containsExactly(entry("family", family));
    if (ipVersion == 0) {
      assertThat(p.ip()).isNull();
      assertThat(p.layers()).hasSize(1);
    } else {
      assertThat(p.ip().version()).isEqualTo(ipVersion);
      assertThat(p.udp().destinationPort()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0 (to us)",
    "1, 1 (broadcast)",
    "2, 2 (multicast)",
    "3, 3 (to another host)",
    "4, 4 (sent by us)",
    "7, 7"
  })
  void namesLinuxCookedPacketTypes(int packetType, String name) throws PcapFormatException {
    byte[] sll = {0, (byte) packetType, 3, 4, 0, 6, 1, 2, 3, 4, 5, (byte) 0xaf, 0, 0, 0x08, 0x00};
    Packet p = decode(LinkType.LINUX_SLL, concat(sll, ipv4(UDP, udp(1, 2, new byte[0]))));
    assertThat(fields(p, "Linux cooked v1"))
        .containsExactly(
            entry("packet_type", name),
            entry("arphrd", "772"),
            entry("address", "01:02:03:04:05:af"),
            entry("protocol", "0x0800 (IPv4)"));
    assertThat(p.ip().version()).isEqualTo(4);
  }

  @Test
  void showsAtMostEightAddressBytesOfACookedHeader() throws PcapFormatException {
    byte[] sll = {0, 4, 0, 1, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 0x86, (byte) 0xdd};
    Packet p = decode(LinkType.LINUX_SLL, concat(sll, ipv6(UDP, udp(1, 2, new byte[0]))));
    assertThat(fields(p, "Linux cooked v1"))
        .containsEntry("address", "01:02:03:04:05:06:07:08")
        .containsEntry("protocol", "0x86dd (IPv6)");
    assertThat(p.ip().version()).isEqualTo(6);
  }

  @Test
  void decodesLinuxCookedV2() throws PcapFormatException {
    byte[] sll2 = {
      (byte) 0x86, (byte) 0xdd, 0, 0, 0, 0, 1, 7, 0, 1, 4, 3, 0x0a, 0x0b, 0x0c, 0, 0, 0, 0, 0
    };
    Packet p = decode(LinkType.LINUX_SLL2, concat(sll2, ipv6(UDP, udp(1, 2, new byte[0]))));
    assertThat(fields(p, "Linux cooked v2"))
        .containsExactly(
            entry("protocol", "0x86dd (IPv6)"),
            entry("interface_index", "263"),
            entry("arphrd", "1"),
            entry("packet_type", "4 (sent by us)"),
            entry("address", "0a:0b:0c"));
    assertThat(p.ip().version()).isEqualTo(6);
  }

  @Test
  void rawFramesThatAreNotIpKeepTheirBytes() throws PcapFormatException {
    Packet empty = decode(LinkType.RAW, new byte[0]);
    assertThat(empty.ip()).isNull();
    assertThat(fields(empty, "raw IP"))
        .containsExactly(entry("note", "no link header: the frame starts with IP"));
    Packet other = decode(LinkType.RAW, new byte[] {0x50, 1, 2});
    assertThat(other.ip()).isNull();
    assertThat(other.payload()).containsExactly(0x50, 1, 2);
  }
}
