package dev.netlab.tcp.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.testing.Privileged;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectProbeTest {
  private final LabRun run = LabRun.quiet(Transport.best());
  private final ConnectProbe probe =
      new ConnectProbe(run, new TcpMetrics(run.metrics().registry()));

  @Test
  void connectToAClosedPortIsRefusedAtOnce() throws Exception {
    ConnectResult r = probe.probe(loopback(freePort()), Duration.ofSeconds(5), false);
    assertThat(r.outcome()).isEqualTo(ConnectResult.Outcome.REFUSED);
    assertThat(r.millis()).isLessThan(1000);
    assertThat(r.message()).contains("refused").contains("start the server first");
  }

  @Test
  void connectToAListeningPortIsEstablished() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ConnectResult r = probe.probe(loopback(s.getLocalPort()), Duration.ofSeconds(5), false);
      assertThat(r.outcome()).isEqualTo(ConnectResult.Outcome.ESTABLISHED);
      assertThat(r.local().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  @Privileged(tools = "tcpdump")
  void refusalIsAnRstInTheKernelCapture() throws Exception {
    ConnectResult r = probe.probe(loopback(freePort()), Duration.ofSeconds(5), true);
    assertThat(r.outcome()).isEqualTo(ConnectResult.Outcome.REFUSED);
    assertThat(r.synCount()).isEqualTo(1);
    assertThat(r.rstSeen()).isTrue();
  }

  @Test
  @Privileged(tools = {"tcpdump", "nft"})
  void droppedSynsTimeOutAfterRetransmissions() throws Exception {
    int port = freePort();
    ConnectResult r;
    try (NftablesRule rule = NftablesRule.dropSyns(port)) {
      r = probe.probe(loopback(port), Duration.ofMillis(2500), true);
      assertThat(rule.dropped()).isGreaterThanOrEqualTo(2);
    }
    assertThat(r.outcome()).isEqualTo(ConnectResult.Outcome.TIMED_OUT);
    assertThat(r.synCount()).isGreaterThanOrEqualTo(2);
    assertThat(r.synRetransmitOffsets().get(0)).isBetween(900.0, 1500.0);
    assertThat(r.rstSeen()).isFalse();
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
