package dev.netlab.udp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.net.UdpKernelCounters;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.UdpMetrics;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class ProbeEndToEndTest {
  private final LabRun run = LabRun.quiet(Transport.best());
  private final UdpMetrics serverMetrics = new UdpMetrics(run.metrics().registry());
  private final CopyOnWriteArrayList<ProbeReport> reports = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final LabServerExtension<ProbeServer> server =
      new LabServerExtension<>(
          () ->
              new ProbeServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  serverMetrics,
                  ProbeServer.DEFAULT_PLAYOUT,
                  (from, r) -> reports.add(r)));

  private ProbeResult send(InetSocketAddress to, long count, long rate, boolean connected)
      throws InterruptedException {
    LabRun clientRun = LabRun.quiet(Transport.best());
    return new ProbeClient(clientRun, new UdpMetrics(clientRun.metrics().registry()))
        .send(
            to, new ProbeClient.Options(200, count, null, rate, connected, Duration.ofSeconds(2)));
  }

  @Test
  void onLoopbackEveryDatagramArrivesUnlessTheKernelDroppedIt() throws Exception {
    var before = UdpKernelCounters.read();
    ProbeResult r = send(server.address(), 1000, 2000, false);
    long kernelDrops =
        before
            .flatMap(b -> UdpKernelCounters.read().map(a -> a.since(b).receiveBufferErrors()))
            .orElse(0L);
    assertThat(r.report()).isNotNull();
    assertThat(r.report().sent()).isEqualTo(1000);
    assertThat(r.report().received() + r.report().lost()).isEqualTo(1000);
    assertThat(r.report().lost()).isLessThanOrEqualTo(kernelDrops);
    assertThat(r.report().duplicates()).isZero();
    assertThat(reports).hasSize(1);
  }

  @Test
  void sendingToNobodySucceedsAndNothingComesBack() throws Exception {
    InetSocketAddress nobody = freeUdpPort();
    ProbeResult r = send(nobody, 20, 1000, false);
    assertThat(r.sent()).isEqualTo(20);
    assertThat(r.sendErrors()).isZero();
    assertThat(r.report()).isNull();
  }

  @Test
  void aConnectedSocketHearsTheIcmpPortUnreachable() throws Exception {
    InetSocketAddress nobody = freeUdpPort();
    ProbeResult r = send(nobody, 20, 200, true);
    assertThat(r.report()).isNull();
    assertThat(r.sendErrors()).isPositive();
    assertThat(r.firstError()).containsIgnoringCase("refused");
  }

  @Test
  void malformedDatagramsAreCountedAndTheServerKeepsServing() throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      for (byte[] junk : new byte[][] {{}, {1, 2, 3}, new byte[100], "NLUD".getBytes()}) {
        s.send(new DatagramPacket(junk, junk.length, server.address()));
      }
    }
    ProbeResult r = send(server.address(), 50, 1000, false);
    assertThat(r.report()).isNotNull();
    assertThat(r.report().received()).isEqualTo(50);
    assertThat(serverMetrics.malformedCount()).isEqualTo(4);
  }

  @Test
  void throughARelayTheReceiverCountsWhatTheRelayDid() throws Exception {
    Impairment imp = Impairment.NONE.withLoss(10, 1).withDuplicate(5).withReorder(5, 3);
    try (ImpairmentRelay relay =
        new ImpairmentRelay(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            server.address(),
            Transport.best(),
            imp,
            Impairment.NONE,
            42)) {
      relay.start();
      var before = UdpKernelCounters.read();
      ProbeResult r = send(relay.localAddress(), 1000, 1000, false);
      long kernelDrops =
          before
              .flatMap(b -> UdpKernelCounters.read().map(a -> a.since(b).receiveBufferErrors()))
              .orElse(0L);
      assertThat(r.report()).isNotNull();
      long relayDropped = relay.forwardStats().dropped();
      assertThat(relayDropped).isBetween(50L, 160L);
      assertThat(r.report().lost()).isBetween(relayDropped, relayDropped + kernelDrops);
      assertThat(r.report().duplicates()).isPositive();
      assertThat(r.report().reordered()).isPositive();
    }
  }

  private static InetSocketAddress freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
  }
}
