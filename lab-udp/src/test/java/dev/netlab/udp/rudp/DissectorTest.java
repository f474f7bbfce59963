package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.testing.Privileged;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.protocol.RudpSender;
import dev.netlab.udp.rudp.protocol.RudpSource;
import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/wireshark/rudp.lua against a real transfer: tshark decodes every field to the values the
 * two endpoints used.
 */
@Timeout(60)
class DissectorTest {
  static final Path DISSECTOR = Path.of("..", "scripts", "wireshark", "rudp.lua");
  static final int BYTES = 20_000;
  static final int SIZE = 1200;

  @Test
  @Privileged(tools = {"tshark", "tcpdump"})
  void tsharkDecodesTheFieldsTheEndpointsUsed(@TempDir Path dir) throws Exception {
    LabRun run = LabRun.quiet(Transport.best());
    CopyOnWriteArrayList<RudpReceiver> finished = new CopyOnWriteArrayList<>();
    Path pcap = dir.resolve("rudp.pcap");
    RudpResult result;
    int port;
    try (RudpServer server =
        new RudpServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            run,
            new RudpMetrics(run.metrics().registry()),
            4096,
            finished::add)) {
      server.start();
      port = server.localAddress().getPort();
      KernelCapture capture = KernelCapture.start("udp port " + port, pcap);
      try {
        result =
            new RudpClient(run, new RudpMetrics(run.metrics().registry()))
                .send(
                    server.localAddress(),
                    RudpMode.RELIABLE,
                    RudpSource.generated(BYTES, SIZE, 3),
                    SIZE,
                    new RudpSender.Settings(64, Duration.ofMillis(20), Duration.ofSeconds(10), 0),
                    false);
        capture.await(DissectorTest::finAckSeen, Duration.ofSeconds(5));
      } finally {
        capture.close();
      }
    }
    String id = String.format("0x%016x", finished.get(0).id());
    List<String[]> rows = tshark(pcap, port);
    assertThat(rows).allSatisfy(r -> assertThat(r[1]).isEqualTo(id));
    assertThat(rows.get(0)[0]).isEqualTo("1"); // SYN
    assertThat(rows.get(1)[0]).isEqualTo("2"); // SYN-ACK
    List<Long> dataSeqs = new ArrayList<>();
    for (String[] r : rows) {
      switch (r[0]) {
        case "3" -> {
          dataSeqs.add(Long.parseLong(r[2]));
          int expected =
              Long.parseLong(r[2]) == result.datagrams() - 1
                  ? BYTES - SIZE * (int) (result.datagrams() - 1)
                  : SIZE;
          assertThat(Integer.parseInt(r[5])).isEqualTo(expected);
        }
        case "4" -> {
          assertThat(Integer.parseInt(r[4])).isLessThanOrEqualTo(4096);
          assertThat(Long.parseLong(r[3])).isBetween(1L, result.datagrams());
          // seq echoes the newest DATA that arrived, for the sender's RTT sample
          assertThat(Long.parseLong(r[2])).isBetween(0L, result.datagrams() - 1);
          assertThat(Integer.parseInt(r[6])).isEqualTo(0); // no holes on loopback: no SACK
        }
        case "5" -> assertThat(Long.parseLong(r[2])).isEqualTo(result.datagrams());
        case "6" -> assertThat(Integer.parseInt(r[5])).isEqualTo(FinAck.LENGTH);
        default -> {}
      }
    }
    // every datagram, and again each one the sender resent (a tail-loss probe while a cold
    // receiver was slow to answer is a retransmission too)
    assertThat(dataSeqs.stream().distinct().toList())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.range(0, result.datagrams()).boxed().toList());
    assertThat(dataSeqs).hasSize((int) (result.datagrams() + result.retransmissions()));
    assertThat(rows).extracting(r -> r[0]).contains("5", "6");
  }

  private static boolean finAckSeen(List<Packet> packets) {
    return packets.stream().anyMatch(p -> p.payload().length > 1 && p.payload()[1] == 6);
  }

  /** type, connection id, seq, ack, window, length, nsack for every packet. */
  private static List<String[]> tshark(Path pcap, int port) throws Exception {
    Process p =
        new ProcessBuilder(
                "tshark",
                "-X",
                "lua_script:" + DISSECTOR,
                "-r",
                pcap.toString(),
                "-d",
                "udp.port==" + port + ",nlrudp",
                "-T",
                "fields",
                "-e",
                "nlrudp.type",
                "-e",
                "nlrudp.connection_id",
                "-e",
                "nlrudp.seq",
                "-e",
                "nlrudp.ack",
                "-e",
                "nlrudp.window",
                "-e",
                "nlrudp.length",
                "-e",
                "nlrudp.nsack")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(Files.size(pcap)).isPositive();
    List<String[]> rows = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        rows.add(line.split("\t"));
      }
    }
    return rows;
  }
}
