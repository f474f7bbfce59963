package dev.netlab.udp.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.WarmUp;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.pcap.PcapSink;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.testing.PcapFiles;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.UdpMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PingEndToEndTest {
  private final LabRun run = LabRun.quiet(Transport.best());

  @RegisterExtension
  final LabServerExtension<UdpEchoServer> echo =
      new LabServerExtension<>(
          () ->
              new UdpEchoServer(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  run,
                  new UdpMetrics(run.metrics().registry())));

  @Test
  void everyPingComesBackWithARoundTripTime() throws Exception {
    PingResult r =
        new PingClient(run, new UdpMetrics(run.metrics().registry()))
            .ping(echo.address(), 5, Duration.ofMillis(20), Duration.ofSeconds(2), 64);
    assertThat(r.received()).isEqualTo(5);
    assertThat(r.lossPercent()).isZero();
    assertThat(r.min()).isPositive().isLessThanOrEqualTo(r.avg());
    assertThat(r.percentile(99)).isEqualTo(r.max());
  }

  @Test
  void pingsToNobodyAreAllLost() throws Exception {
    int port;
    try (var s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PingResult r =
        new PingClient(run, new UdpMetrics(run.metrics().registry()))
            .ping(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(300),
                64);
    assertThat(r.received()).isZero();
    assertThat(r.lossPercent()).isEqualTo(100.0);
  }

  @Test
  void theWarmUpEchoIsLeftOutOfTheMeters() throws Exception {
    LabRun own = LabRun.quiet(Transport.best());
    UdpMetrics metrics = new UdpMetrics(own.metrics().registry());
    WarmUp.enable(true);
    try {
      PingResult r =
          new PingClient(own, metrics)
              .ping(echo.address(), 4, Duration.ofMillis(10), Duration.ofSeconds(2), 64);
      assertThat(r.received()).isEqualTo(4);
    } finally {
      WarmUp.enable(false);
    }
    var registry = own.metrics().registry();
    assertThat(
            registry
                .get(dev.netlab.common.metrics.LabMetrics.PREFIX + "udp.datagrams")
                .tag("direction", "sent")
                .counter()
                .count())
        .isEqualTo(4);
    assertThat(
            registry
                .get(dev.netlab.common.metrics.LabMetrics.PREFIX + "udp.datagrams")
                .tag("direction", "received")
                .counter()
                .count())
        .isEqualTo(4);
  }

  @Test
  void thePcapFileGivesTheClientsRealAddressNotTheWildcard(@TempDir Path dir) throws Exception {
    // the client's socket is bound to 0.0.0.0; its datagrams leave from 127.0.0.1
    Path file = dir.resolve("ping.pcap");
    try (LabRun client =
        new LabRun(Console.silent(), Transport.best(), new PcapSink(file), false)) {
      PingResult r =
          new PingClient(client, new UdpMetrics(client.metrics().registry()))
              .ping(echo.address(), 2, Duration.ofMillis(10), Duration.ofSeconds(2), 64);
      assertThat(r.received()).isEqualTo(2);
    }
    List<Packet> packets = PcapFiles.packets(file);
    assertThat(packets).hasSizeGreaterThanOrEqualTo(4);
    for (Packet p : packets) {
      assertThat(List.of(p.source().getAddress(), p.destination().getAddress()))
          .as("%s -> %s", p.source(), p.destination())
          .containsOnly(InetAddress.getLoopbackAddress());
    }
  }
}
