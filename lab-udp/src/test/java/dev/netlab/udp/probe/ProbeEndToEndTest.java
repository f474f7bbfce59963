package dev.netlab.udp.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.StudentToken;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.net.UdpKernelCounters;
import dev.netlab.common.pcap.PcapSink;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.testing.PcapFiles;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.UdpMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
    // the server records its report once the reply is sent, which may be after the client got it
    Await.until("the server's report", Duration.ofSeconds(10), () -> !reports.isEmpty());
    assertThat(reports).hasSize(1);
  }

  @Test
  void thePcapFileGivesTheClientsRealAddressNotTheWildcard(@TempDir Path dir) throws Exception {
    // unconnected, the client's socket is bound to 0.0.0.0
    Path file = dir.resolve("client.pcap");
    ProbeResult r =
        sendRecorded(
            file, new ProbeClient.Options(200, 5, null, 1000, false, Duration.ofSeconds(2)));
    assertThat(r.report()).isNotNull();
    List<Packet> packets = PcapFiles.packets(file);
    assertThat(packets).isNotEmpty();
    for (Packet p : packets) {
      assertThat(List.of(p.source().getAddress(), p.destination().getAddress()))
          .as("%s -> %s", p.source(), p.destination())
          .containsOnly(InetAddress.getLoopbackAddress());
    }
  }

  @Test
  void theStudentsMarkRidesInEveryDataDatagramAndTheServerCountsNoneAsMalformed(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("client.pcap");
    String mark = StudentToken.tcpLine("s1234");
    ProbeResult r =
        sendRecorded(
            file,
            new ProbeClient.Options(
                200, 5, null, 1000, false, Duration.ofSeconds(2), Duration.ZERO, mark));
    assertThat(r.report()).isNotNull();
    assertThat(r.report().received()).isEqualTo(5);
    List<String> data =
        PcapFiles.packets(file).stream()
            .filter(p -> p.payload().length == 200)
            .map(p -> new String(p.payload(), StandardCharsets.ISO_8859_1))
            .toList();
    assertThat(data).hasSize(5).allSatisfy(d -> assertThat(d).contains(mark));
    assertThat(serverMetrics.malformedCount()).isZero();
  }

  @Test
  void aMarkLongerThanThePaddingIsAUsageError() {
    assertThatThrownBy(
            () ->
                new ProbeClient.Options(
                    30, 5, null, 1000, false, Duration.ofSeconds(2), Duration.ZERO, "0123456789"))
        .hasMessageContaining("--student needs datagrams of at least 34 bytes");
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

  @Test
  void warmUpDatagramsAreLeftOutOfEveryFigure() throws Exception {
    LabRun clientRun = LabRun.quiet(Transport.best());
    ProbeResult r =
        new ProbeClient(clientRun, new UdpMetrics(clientRun.metrics().registry()))
            .send(
                server.address(),
                new ProbeClient.Options(
                    200,
                    300,
                    null,
                    2000,
                    false,
                    Duration.ofSeconds(2),
                    Duration.ofMillis(200),
                    ""));
    assertThat(r.warmUpSent()).isPositive();
    assertThat(r.sent()).isEqualTo(300);
    assertThat(r.report()).isNotNull();
    assertThat(r.report().sent()).isEqualTo(300);
    assertThat(r.report().received() + r.report().lost()).isEqualTo(300);
    assertThat(r.report().duplicates()).isZero();
    assertThat(r.toJson()).containsEntry("omitted_sent", r.warmUpSent());
  }

  @Test
  void aWarmUpDatagramArrivingAfterTheDataIsIgnored() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(5000);
      for (int seq = 0; seq < 10; seq++) {
        send(s, ProbeDatagram.TYPE_WARMUP, seq);
      }
      for (int seq = 0; seq < 5; seq++) {
        send(s, ProbeDatagram.TYPE_DATA, seq);
      }
      send(s, ProbeDatagram.TYPE_WARMUP, 3); // a straggler: not a duplicate of DATA 3
      send(s, ProbeDatagram.TYPE_END, 5);
      DatagramPacket reply = new DatagramPacket(new byte[65_536], 65_536);
      s.receive(reply);
      ByteBuf buf = Unpooled.wrappedBuffer(reply.getData(), 0, reply.getLength());
      assertThat(ProbeDatagram.type(buf)).isEqualTo(ProbeDatagram.TYPE_REPORT);
      ProbeReport report = ProbeReport.parse(ProbeDatagram.body(buf));
      assertThat(report.received()).isEqualTo(5);
      assertThat(report.lost()).isZero();
      assertThat(report.duplicates()).isZero();
      assertThat(report.reordered()).isZero();
    }
    assertThat(serverMetrics.malformedCount()).isZero();
  }

  /** Sends to the server with the client's datagrams recorded in {@code file}. */
  private ProbeResult sendRecorded(Path file, ProbeClient.Options o) throws Exception {
    try (LabRun clientRun =
        new LabRun(Console.silent(), Transport.best(), new PcapSink(file), false)) {
      return new ProbeClient(clientRun, new UdpMetrics(clientRun.metrics().registry()))
          .send(server.address(), o);
    }
  }

  private void send(DatagramSocket s, byte type, long seq) throws Exception {
    ByteBuf b = Unpooled.buffer();
    ProbeDatagram.writeHeader(b, type, seq, System.currentTimeMillis() * 1_000_000L);
    b.writeZero(100);
    s.send(new DatagramPacket(b.array(), b.arrayOffset(), b.readableBytes(), server.address()));
  }

  private static InetSocketAddress freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
  }
}
