package dev.netlab.ports.scan;

import static dev.netlab.ports.scan.Peers.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.testing.Privileged;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PortScannerTest {
  private static final ScanSettings QUICK = new ScanSettings(64, 0, Duration.ofMillis(300), 1);

  private final PortScanner scanner = new PortScanner(LOOPBACK, QUICK);

  @Test
  void aListeningTcpPortIsOpenBySynAckAndAFreeOneClosedByRefusal() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 50, LOOPBACK)) {
      int closed = Peers.closedTcpPort();
      List<PortResult> r = scanner.scanTcp(sorted(open.getLocalPort(), closed), ScanProgress.NONE);
      assertThat(stateOf(r, open.getLocalPort())).isEqualTo("open syn-ack");
      assertThat(stateOf(r, closed)).isEqualTo("closed conn-refused");
    }
  }

  @Test
  void aUdpPortThatAnswersIsOpenASilentOneOpenFilteredAFreeOneClosed() throws Exception {
    try (DatagramSocket answers = Peers.udpResponder();
        DatagramSocket silent = new DatagramSocket(0, LOOPBACK)) {
      int closed = Peers.closedUdpPort();
      List<PortResult> r =
          scanner.scanUdp(
              sorted(answers.getLocalPort(), silent.getLocalPort(), closed), ScanProgress.NONE);
      assertThat(stateOf(r, answers.getLocalPort())).isEqualTo("open udp-response");
      assertThat(stateOf(r, silent.getLocalPort())).isEqualTo("open|filtered no-response");
      assertThat(stateOf(r, closed)).isEqualTo("closed port-unreach");
      // the silent port was asked again before being given up on
      assertThat(
              r.stream()
                  .filter(x -> x.port() == silent.getLocalPort())
                  .findFirst()
                  .orElseThrow()
                  .tries())
          .isEqualTo(2);
    }
  }

  @Test
  void manyPortsThroughFewSocketsComeBackInOrderEachOnce() throws Exception {
    int[] ports = IntStream.rangeClosed(25000, 25999).toArray();
    List<PortResult> r =
        new PortScanner(LOOPBACK, new ScanSettings(4, 0, Duration.ofSeconds(1), 0))
            .scanTcp(ports, ScanProgress.NONE);
    assertThat(r)
        .extracting(PortResult::port)
        .containsExactly(IntStream.of(ports).boxed().toArray(Integer[]::new));
  }

  @Test
  void theRateBoundsHowFastProbesStart() throws Exception {
    int[] ports = IntStream.rangeClosed(25000, 25049).toArray();
    long start = System.nanoTime();
    new PortScanner(LOOPBACK, new ScanSettings(64, 200, Duration.ofSeconds(1), 0))
        .scanTcp(ports, ScanProgress.NONE);
    // 50 probes at 200/s: the 50th starts 245 ms after the first at the earliest
    assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(240);
  }

  @Test
  @Privileged(tools = "nft")
  void aTcpPortBehindADropRuleIsFilteredByNoResponse() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 50, LOOPBACK);
        NftablesRule rule = NftablesRule.dropSyns(open.getLocalPort())) {
      List<PortResult> r = scanner.scanTcp(new int[] {open.getLocalPort()}, ScanProgress.NONE);
      assertThat(stateOf(r, open.getLocalPort())).isEqualTo("filtered no-response");
      assertThat(rule.dropped()).isPositive();
    }
  }

  @Test
  @Privileged(tools = "nft")
  void aUdpPortBehindADropRuleIsOpenFilteredLikeASilentService() throws Exception {
    int closed = Peers.closedUdpPort();
    try (NftablesRule rule = NftablesRule.dropUdp(closed)) {
      List<PortResult> r = scanner.scanUdp(new int[] {closed}, ScanProgress.NONE);
      assertThat(stateOf(r, closed)).isEqualTo("open|filtered no-response");
      assertThat(rule.dropped()).isEqualTo(2);
    }
  }

  static String stateOf(List<PortResult> results, int port) {
    PortResult r = results.stream().filter(x -> x.port() == port).findFirst().orElseThrow();
    return r.state().label() + " " + r.reason().label();
  }

  static int[] sorted(int... ports) {
    return IntStream.of(ports).sorted().toArray();
  }
}
