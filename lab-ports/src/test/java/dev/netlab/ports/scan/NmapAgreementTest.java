package dev.netlab.ports.scan;

import static dev.netlab.ports.scan.Peers.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.testing.Privileged;
import dev.netlab.common.testing.Tools;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scanner and nmap, over the same loopback ports: the same state, port by port. */
@Timeout(120)
class NmapAgreementTest {
  private final PortScanner scanner =
      new PortScanner(LOOPBACK, new ScanSettings(64, 0, Duration.ofMillis(500), 2));

  @Test
  void tcpConnectStatesMatchNmapSt() throws Exception {
    Tools.require("nmap");
    try (ServerSocket a = new ServerSocket(0, 50, LOOPBACK);
        ServerSocket b = new ServerSocket(0, 50, LOOPBACK)) {
      int[] ports =
          PortScannerTest.sorted(
              a.getLocalPort(), b.getLocalPort(), Peers.closedTcpPort(), Peers.closedTcpPort());
      assertSameStates(scanner.scanTcp(ports, ScanProgress.NONE), Nmap.scan("-sT", ports), true);
    }
  }

  @Test
  @Privileged(tools = {"nmap", "nft"})
  void aDroppedTcpPortIsFilteredForBoth() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 50, LOOPBACK)) {
      int dropped = Peers.closedTcpPort();
      int[] ports = PortScannerTest.sorted(open.getLocalPort(), dropped, Peers.closedTcpPort());
      try (NftablesRule rule = NftablesRule.dropSyns(dropped)) {
        List<PortResult> ours = scanner.scanTcp(ports, ScanProgress.NONE);
        assertThat(PortScannerTest.stateOf(ours, dropped)).isEqualTo("filtered no-response");
        assertSameStates(ours, Nmap.scan("-sT", ports), true);
      }
    }
  }

  @Test
  @Privileged(tools = {"nmap", "nft"}) // nmap -sU needs raw sockets; the drop rule needs nft
  void udpStatesMatchNmapSuOpenClosedAndOpenFiltered() throws Exception {
    try (DatagramSocket answers = Peers.udpResponder();
        DatagramSocket silent = new DatagramSocket(0, LOOPBACK)) {
      int dropped = Peers.closedUdpPort();
      int[] ports =
          PortScannerTest.sorted(
              answers.getLocalPort(), silent.getLocalPort(), dropped, Peers.closedUdpPort());
      try (NftablesRule rule = NftablesRule.dropUdp(dropped)) {
        List<PortResult> ours = scanner.scanUdp(ports, ScanProgress.NONE);
        assertThat(PortScannerTest.stateOf(ours, answers.getLocalPort()))
            .isEqualTo("open udp-response");
        assertSameStates(ours, Nmap.scan("-sU", ports), true);
      }
    }
  }

  private static void assertSameStates(
      List<PortResult> ours, Map<Integer, String> nmap, boolean reasons) {
    Map<Integer, String> mine = new TreeMap<>();
    for (PortResult r : ours) {
      String theirs = nmap.get(r.port());
      boolean withReason = reasons && theirs != null && theirs.contains(" ");
      mine.put(r.port(), r.state().label() + (withReason ? " " + r.reason().label() : ""));
    }
    assertThat(mine).isEqualTo(nmap);
  }
}
