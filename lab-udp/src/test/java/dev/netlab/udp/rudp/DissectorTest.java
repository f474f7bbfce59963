package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.capture.Packet;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.testing.Privileged;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/wireshark/rudp.lua against real transfers captured by the kernel: tshark decodes every
 * field to the values the two endpoints used, finds the protocol on any port, and flags what the
 * endpoints saw go wrong (retransmissions, corrupted datagrams).
 */
@Timeout(60)
class DissectorTest {
  static final int BYTES = 20_000;
  static final int SIZE = 1200;

  /**
   * Fits a whole datagram (headers included) in the capture's snap length, so CRCs can be checked.
   */
  static final int SMALL_SIZE = 400;

  static final String[] HEADER = {
    "nlrudp.type",
    "nlrudp.connection_id",
    "nlrudp.seq",
    "nlrudp.ack",
    "nlrudp.window",
    "nlrudp.length",
    "nlrudp.nsack",
    "nlrudp.checksum.status"
  };

  @Test
  @Privileged(tools = {"tshark", "tcpdump"})
  void tsharkDecodesTheFieldsTheEndpointsUsed(@TempDir Path dir) throws Exception {
    CapturedTransfer t = CapturedTransfer.direct(dir.resolve("rudp.pcap"), BYTES, SIZE);
    RudpResult result = t.result();
    List<String> decodeAs = Tshark.decodeAs(t.serverPort());
    // a snap length keeps the headers: DATA is cut short, not malformed
    assertThat(Tshark.malformedFrames(t.pcap(), decodeAs)).isEmpty();
    List<Map<String, String>> rows = Tshark.fields(t.pcap(), decodeAs, "", HEADER);
    assertThat(rows).hasSameSizeAs(t.packets());
    assertThat(rows)
        .allSatisfy(r -> assertThat(r.get("nlrudp.connection_id")).isEqualTo(t.connectionId()));
    assertThat(rows.get(0).get("nlrudp.type")).isEqualTo("1"); // SYN
    assertThat(rows.get(1).get("nlrudp.type")).isEqualTo("2"); // SYN-ACK
    List<Long> dataSeqs = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> r = rows.get(i);
      long seq = Long.parseLong(r.get("nlrudp.seq"));
      switch (r.get("nlrudp.type")) {
        case "3" -> {
          dataSeqs.add(seq);
          int expected =
              seq == result.datagrams() - 1 ? BYTES - SIZE * (int) (result.datagrams() - 1) : SIZE;
          // the length is the datagram's, though the capture kept only its first 512 bytes
          assertThat(Integer.parseInt(r.get("nlrudp.length"))).isEqualTo(expected);
        }
        case "4" -> {
          assertThat(Integer.parseInt(r.get("nlrudp.window"))).isLessThanOrEqualTo(4096);
          assertThat(Long.parseLong(r.get("nlrudp.ack"))).isBetween(1L, result.datagrams());
          // seq echoes the newest DATA that arrived, for the sender's RTT sample
          assertThat(seq).isBetween(0L, result.datagrams() - 1);
          assertThat(r.get("nlrudp.nsack")).isEqualTo("0"); // no holes on loopback: no SACK
        }
        case "5" -> assertThat(seq).isEqualTo(result.datagrams());
        case "6" -> assertThat(Integer.parseInt(r.get("nlrudp.length"))).isEqualTo(FinAck.LENGTH);
        default -> {}
      }
      assertThat(r.get("nlrudp.checksum.status"))
          .as("frame %d", i + 1)
          .isEqualTo(expectedChecksumStatus(t.packets().get(i)));
    }
    // every datagram, and again each one the sender resent (a tail-loss probe while a cold
    // receiver was slow to answer is a retransmission too)
    assertThat(dataSeqs.stream().distinct().toList())
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, result.datagrams()).boxed().toList());
    assertThat(dataSeqs).hasSize((int) (result.datagrams() + result.retransmissions()));
    assertThat(rows).extracting(r -> r.get("nlrudp.type")).contains("5", "6");
  }

  @Test
  @Privileged(tools = {"tshark", "tcpdump"})
  void tsharkDecodesTheSynAndFinAckFigures(@TempDir Path dir) throws Exception {
    CapturedTransfer t = CapturedTransfer.direct(dir.resolve("rudp.pcap"), BYTES, SIZE);
    RudpResult result = t.result();
    List<Map<String, String>> syn =
        Tshark.fields(
            t.pcap(),
            List.of(),
            "nlrudp.type == 1",
            "nlrudp.mode",
            "nlrudp.syn.bytes",
            "nlrudp.syn.payload_size",
            "nlrudp.syn.datagrams");
    assertThat(syn)
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r)
                    .containsExactly(
                        Map.entry("nlrudp.mode", String.valueOf(RudpMode.RELIABLE.code())),
                        Map.entry("nlrudp.syn.bytes", String.valueOf(BYTES)),
                        Map.entry("nlrudp.syn.payload_size", String.valueOf(SIZE)),
                        Map.entry("nlrudp.syn.datagrams", String.valueOf(result.datagrams()))));
    List<Map<String, String>> finAck =
        Tshark.fields(
            t.pcap(),
            List.of(),
            "nlrudp.type == 6",
            "nlrudp.finack.bytes",
            "nlrudp.finack.datagrams",
            "nlrudp.finack.lost",
            "nlrudp.finack.late",
            "nlrudp.finack.duplicates",
            "nlrudp.finack.reordered",
            "nlrudp.finack.sha256");
    RudpReceiver receiver = t.receiver();
    assertThat(finAck)
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r)
                    .containsExactly(
                        Map.entry("nlrudp.finack.bytes", String.valueOf(receiver.deliveredBytes())),
                        Map.entry(
                            "nlrudp.finack.datagrams", String.valueOf(result.deliveredDatagrams())),
                        Map.entry("nlrudp.finack.lost", String.valueOf(receiver.skipped())),
                        Map.entry("nlrudp.finack.late", String.valueOf(receiver.late())),
                        Map.entry(
                            "nlrudp.finack.duplicates", String.valueOf(receiver.duplicates())),
                        Map.entry("nlrudp.finack.reordered", String.valueOf(receiver.reordered())),
                        Map.entry("nlrudp.finack.sha256", result.sentSha256())));
    assertThat(result.deliveredBytes()).isEqualTo(BYTES);
  }

  @Test
  @Privileged(tools = {"tshark", "tcpdump"})
  void tsharkFindsTheProtocolOnAnyPortWithoutDecodeAs(@TempDir Path dir) throws Exception {
    // through the relay, as the README's recipe runs it: two legs, four ports, none the default
    CapturedTransfer t =
        CapturedTransfer.relayed(dir.resolve("rudp.pcap"), Impairment.NONE, BYTES, SIZE, 1);
    List<Map<String, String>> rows =
        Tshark.fields(t.pcap(), List.of(), "", "frame.protocols", "nlrudp.connection_id");
    assertThat(rows).hasSameSizeAs(t.packets()).hasSizeGreaterThan(40);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.get("frame.protocols")).endsWith(":udp:nlrudp");
              assertThat(r.get("nlrudp.connection_id")).isEqualTo(t.connectionId());
            });
    assertThat(Tshark.malformedFrames(t.pcap(), List.of())).isEmpty();
  }

  @Test
  @Privileged(tools = {"tshark", "tcpdump"})
  void retransmissionsAreMarkedPerConnectionAndDirection(@TempDir Path dir) throws Exception {
    CapturedTransfer t =
        CapturedTransfer.relayed(
            dir.resolve("rudp.pcap"), Impairment.NONE.withLoss(15, 1), 60_000, SIZE, 7);
    RudpResult result = t.result();
    assertThat(result.retransmissions())
        .as("the relay's losses made the sender resend")
        .isPositive();
    List<Map<String, String>> resent =
        Tshark.fields(
            t.pcap(),
            List.of(),
            "nlrudp.retransmission",
            "udp.dstport",
            "nlrudp.type",
            "nlrudp.retransmission.original");
    assertThat(resent).allSatisfy(r -> assertThat(r.get("nlrudp.type")).isEqualTo("3"));
    // sender -> relay: every datagram the sender resent; relay -> receiver: every one the
    // receiver got twice. The relay's copy of a datagram is a first sending on its own leg.
    assertThat(
            resent.stream().filter(r -> r.get("udp.dstport").equals(String.valueOf(t.relayPort()))))
        .hasSize((int) result.retransmissions());
    assertThat(
            resent.stream()
                .filter(r -> r.get("udp.dstport").equals(String.valueOf(t.serverPort()))))
        .hasSize((int) result.duplicates());
    assertThat(resent)
        .allSatisfy(r -> assertThat(r.get("nlrudp.retransmission.original")).isNotEmpty());
    assertThat(Tshark.fields(t.pcap(), List.of(), "nlrudp.retransmission.expert", "frame.number"))
        .hasSameSizeAs(resent);
  }

  @Test
  @Privileged(tools = {"tshark", "tcpdump"})
  void datagramsWithABadChecksumAreFlagged(@TempDir Path dir) throws Exception {
    CapturedTransfer t =
        CapturedTransfer.relayed(
            dir.resolve("rudp.pcap"), Impairment.NONE.withCorrupt(10), BYTES, SMALL_SIZE, 5);
    // Decode As on both legs: a flipped bit may have hit the version or the length, which the
    // heuristic checks; the checksum is what this test is about
    List<String> decodeAs = Tshark.decodeAs(t.relayPort(), t.serverPort());
    List<Map<String, String>> rows =
        Tshark.fields(t.pcap(), decodeAs, "", "nlrudp.checksum.status");
    assertThat(rows).hasSameSizeAs(t.packets());
    List<String> expected =
        t.packets().stream().map(DissectorTest::expectedChecksumStatus).toList();
    assertThat(rows)
        .extracting(r -> r.get("nlrudp.checksum.status"))
        .containsExactlyElementsOf(expected);
    assertThat(expected).as("the relay corrupted something").contains("0").doesNotContain("2");
    assertThat(Tshark.fields(t.pcap(), decodeAs, "nlrudp.checksum.bad", "frame.number"))
        .hasSize((int) expected.stream().filter("0"::equals).count());
  }

  @Test
  @Privileged(tools = {"tshark", "tcpdump", "editcap"})
  void aCaptureCutShortBySnapLengthIsNotMalformed(@TempDir Path dir) throws Exception {
    CapturedTransfer t = CapturedTransfer.direct(dir.resolve("rudp.pcap"), BYTES, SIZE);
    Path cut = dir.resolve("cut.pcap");
    // 100 bytes per frame: link, IP and UDP headers, and 58 bytes of each datagram
    Process editcap =
        new ProcessBuilder("editcap", "-s", "100", t.pcap().toString(), cut.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(editcap.getInputStream().readAllBytes());
    assertThat(editcap.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(editcap.exitValue()).as(said).isZero();
    List<Map<String, String>> rows = Tshark.fields(cut, List.of(), "", HEADER);
    assertThat(rows).hasSameSizeAs(t.packets());
    for (int i = 0; i < rows.size(); i++) {
      ByteBuffer sent = ByteBuffer.wrap(t.packets().get(i).payload());
      int size = t.packets().get(i).udp().payloadLength();
      // the header as the endpoints wrote it (the 512-byte capture holds all of it)
      assertThat(rows.get(i))
          .as("frame %d", i + 1)
          .containsEntry("nlrudp.type", String.valueOf(sent.get(RudpCodec.TYPE_OFFSET)))
          .containsEntry(
              "nlrudp.seq",
              String.valueOf(Integer.toUnsignedLong(sent.getInt(RudpCodec.SEQ_OFFSET))))
          .containsEntry(
              "nlrudp.length",
              String.valueOf(Short.toUnsignedInt(sent.getShort(RudpCodec.LENGTH_OFFSET))))
          .containsEntry("nlrudp.checksum.status", size > 58 ? "2" : "1");
    }
    assertThat(Tshark.malformedFrames(cut, List.of())).isEmpty();
  }

  /**
   * What the dissector should say of this captured datagram's CRC32C, worked out here: 1 (good) or
   * 0 (bad) when the capture holds all of it, 2 (unverified) when the snap length cut it short.
   */
  static String expectedChecksumStatus(Packet p) {
    byte[] d = p.payload();
    if (d.length < p.udp().payloadLength()) {
      return "2";
    }
    CRC32C crc = new CRC32C();
    crc.update(d, 0, RudpCodec.CRC_OFFSET);
    crc.update(new byte[4]);
    crc.update(d, RudpCodec.CRC_OFFSET + 4, d.length - RudpCodec.CRC_OFFSET - 4);
    int stored = ByteBuffer.wrap(d, RudpCodec.CRC_OFFSET, 4).getInt();
    return (int) crc.getValue() == stored ? "1" : "0";
  }
}
