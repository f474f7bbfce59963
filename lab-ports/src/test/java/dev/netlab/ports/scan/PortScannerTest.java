package dev.netlab.ports.scan;

import static dev.netlab.ports.scan.Peers.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.net.ProcNet;
import dev.netlab.common.testing.Await;
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

  @Test
  void anInterruptedScanStopsInsteadOfWaitingForItsTimeouts() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ProcNet.available(), "needs /proc/net/tcp");
    // a full accept queue: the kernel drops further SYNs, so probes to it stay pending
    try (ServerSocket full = new ServerSocket(0, 1, LOOPBACK)) {
      List<java.net.Socket> queued = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          java.net.Socket s = new java.net.Socket();
          s.connect(full.getLocalSocketAddress(), 200);
          queued.add(s);
        }
      } catch (java.net.SocketTimeoutException e) {
        // the queue was full already
      }
      int[] ports = new int[8];
      java.util.Arrays.fill(ports, full.getLocalPort());
      PortScanner slow =
          new PortScanner(LOOPBACK, new ScanSettings(8, 0, Duration.ofSeconds(60), 0));
      java.util.concurrent.CompletableFuture<Throwable> ended =
          new java.util.concurrent.CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  slow.scanTcp(ports, ScanProgress.NONE);
                  ended.complete(null);
                } catch (Throwable e) {
                  ended.complete(e);
                }
              });
      t.start();
      Await.until(
          "probes waiting in SYN_SENT",
          Duration.ofSeconds(5),
          () -> synSent(full.getLocalPort()) > 0);
      t.interrupt();
      assertThat(ended.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .isInstanceOf(java.io.InterruptedIOException.class);
      for (java.net.Socket s : queued) {
        s.close();
      }
    }
  }

  private static long synSent(int port) {
    try {
      return ProcNet.readAll(true).stream()
          .filter(e -> e.remote().getPort() == port && e.state().equals("SYN_SENT"))
          .count();
    } catch (java.io.IOException e) {
      return 0;
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
