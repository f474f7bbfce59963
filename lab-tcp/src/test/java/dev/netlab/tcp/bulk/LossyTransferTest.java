package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.testing.Privileged;
import dev.netlab.common.transport.Transport;
import dev.netlab.tcp.TcpMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TCP-3: the kernel drops 5% of the segments, and the bytes still arrive intact. */
@Timeout(180)
class LossyTransferTest {
  private final LabRun run = LabRun.quiet(Transport.best());
  private final TcpMetrics metrics = new TcpMetrics(run.metrics().registry());

  @RegisterExtension
  final LabServerExtension<SinkServer> sink =
      new LabServerExtension<>(
          () ->
              new SinkServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  metrics,
                  true,
                  Duration.ZERO,
                  r -> {}));

  @Test
  @Privileged(tools = "nft")
  void fivePercentLossIsRetransmittedAndTheHashesMatch() throws Exception {
    SendResult r;
    long dropped;
    try (NftablesRule rule = NftablesRule.dropTcpToPort(sink.address().getPort(), 5)) {
      r =
          new SendClient(
                  run, metrics, true, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(150))
              .sendBytes(sink.address(), 16L << 20);
      dropped = rule.dropped();
    }
    assertThat(dropped).isPositive();
    assertThat(r.intact()).isTrue();
    assertThat(r.sentSha256()).isEqualTo(r.report().sha256());
    if (Transport.best() == Transport.EPOLL) {
      // TCP_INFO is read through epoll; elsewhere the intact hash after drops is the proof
      assertThat(r.tcpInfo()).isPresent();
      assertThat(r.tcpInfo().get().totalRetransmits()).isPositive();
    }
  }

  @Test
  @Privileged(tools = "nft")
  void aHundredPercentLossRuleIsAcceptedAndDropsEverySegment() throws Exception {
    // numgen random mod 100 < 100 is out of the draw's range: nft refused the rule
    try (java.net.ServerSocket target =
            new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        NftablesRule rule = NftablesRule.dropTcpToPort(target.getLocalPort(), 100)) {
      try (java.net.Socket s = new java.net.Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> s.connect(target.getLocalSocketAddress(), 300))
            .isInstanceOf(java.net.SocketTimeoutException.class);
      }
      assertThat(rule.dropped()).isPositive();
    }
  }
}
