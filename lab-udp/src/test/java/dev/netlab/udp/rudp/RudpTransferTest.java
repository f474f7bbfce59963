package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.payload.Payload;
import dev.netlab.common.payload.ReadAhead;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.LabServerExtension;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.rudp.protocol.RudpException;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.protocol.RudpSender;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Transfers over real sockets through the impairment relay, checked byte for byte by SHA-256. */
@Timeout(180)
class RudpTransferTest {
  static final InetSocketAddress ANY_LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  static final RudpSender.Settings SETTINGS =
      new RudpSender.Settings(512, Duration.ofMillis(20), Duration.ofSeconds(10), 0);
  static final RudpSender.Settings HIGH_LOSS =
      new RudpSender.Settings(128, Duration.ofMillis(10), Duration.ofSeconds(60), 0);

  private final LabRun run = LabRun.quiet(Transport.best());
  private final RudpMetrics serverMetrics = new RudpMetrics(run.metrics().registry());
  private final CopyOnWriteArrayList<RudpReceiver> finished = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final LabServerExtension<RudpServer> server =
      new LabServerExtension<>(
          () -> new RudpServer(ANY_LOOPBACK, run, serverMetrics, 1024, finished::add));

  private RudpResult transfer(
      Impairment imp, RudpMode mode, long bytes, long seed, RudpSender.Settings settings)
      throws Exception {
    try (ImpairmentRelay relay =
        new ImpairmentRelay(ANY_LOOPBACK, server.address(), Transport.best(), imp, imp, seed)) {
      relay.start();
      LabRun clientRun = LabRun.quiet(Transport.best());
      return new RudpClient(clientRun, new RudpMetrics(clientRun.metrics().registry()))
          .send(
              relay.localAddress(),
              mode,
              new ReadAhead(Payload.generated(bytes, seed), 1200),
              1200,
              settings,
              false);
    }
  }

  /**
   * Loss applies to both directions (data and ACKs): at 30% half the round trips fail, and recovery
   * often waits on timeouts, so sizes shrink as loss grows to keep the run short.
   */
  @ParameterizedTest(name = "loss {0}%, reorder {1}%, duplicate {2}%, corrupt {3}%, {4} KiB")
  @CsvSource({
    "0, 0, 0, 0, 4096",
    "1, 0, 0, 0, 2048",
    "10, 0, 0, 0, 1024",
    "30, 0, 0, 0, 128",
    "0, 10, 10, 0, 2048",
    "1, 5, 0, 0, 2048",
    "10, 5, 5, 0, 1024",
    "10, 0, 0, 5, 1024",
    "30, 10, 10, 5, 128"
  })
  void reliableModeDeliversEveryByteInOrder(
      double loss, double reorder, double duplicate, double corrupt, int kib) throws Exception {
    Impairment imp =
        Impairment.NONE
            .withLoss(loss, 1)
            .withReorder(reorder, 3)
            .withDuplicate(duplicate)
            .withCorrupt(corrupt);
    RudpResult r =
        transfer(imp, RudpMode.RELIABLE, kib * 1024L, 11, loss >= 30 ? HIGH_LOSS : SETTINGS);
    assertThat(r.intact()).as(r.summary()).isTrue();
    assertThat(r.deliveredSha256()).isEqualTo(r.sentSha256());
    if (loss > 0) {
      assertThat(r.retransmissions()).isPositive();
    }
    if (corrupt > 0) {
      assertThat(serverMetrics.corruptCount()).isPositive();
    }
  }

  @Test
  void theReceiversMetersCountWhatItDeliveredAndTheDuplicatesItGot() throws Exception {
    RudpResult r =
        transfer(Impairment.NONE.withDuplicate(20), RudpMode.RELIABLE, 256 << 10, 4, SETTINGS);
    assertThat(r.intact()).as(r.summary()).isTrue();
    Await.until("the receiver finished", Duration.ofSeconds(10), () -> !finished.isEmpty());
    var registry = run.metrics().registry();
    String p = dev.netlab.common.metrics.LabMetrics.PREFIX + "rudp.received.";
    assertThat(registry.get(p + "bytes").tag("mode", "reliable").counter().count())
        .isEqualTo(256 << 10);
    assertThat(registry.get(p + "connections").tag("mode", "reliable").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(p + "duplicates").tag("mode", "reliable").counter().count())
        .isEqualTo(finished.get(0).duplicates())
        .isPositive();
  }

  @Test
  void reliableModeCompletesAtFiftyPercentLoss() throws Exception {
    RudpResult r =
        transfer(Impairment.NONE.withLoss(50, 1), RudpMode.RELIABLE, 32 << 10, 5, HIGH_LOSS);
    assertThat(r.intact()).as(r.summary()).isTrue();
  }

  @Test
  void goBackNDeliversEveryByteUnderLoss() throws Exception {
    RudpResult r =
        transfer(
            Impairment.NONE.withLoss(5, 1).withReorder(5, 3),
            RudpMode.GBN,
            1 << 20,
            3,
            new RudpSender.Settings(32, Duration.ofMillis(20), Duration.ofSeconds(10), 0));
    assertThat(r.intact()).as(r.summary()).isTrue();
    assertThat(r.retransmissions()).isPositive();
  }

  @Test
  void sequencedModeDropsLateDatagramsAndResendsNothing() throws Exception {
    RudpResult r =
        transfer(
            Impairment.NONE.withLoss(5, 1).withReorder(10, 3),
            RudpMode.SEQUENCED,
            1 << 20,
            9,
            new RudpSender.Settings(512, Duration.ofMillis(20), Duration.ofSeconds(10), 20_000));
    assertThat(r.retransmissions()).isZero();
    assertThat(r.lost()).isPositive();
    assertThat(r.late()).isPositive();
    assertThat(r.deliveredBytes()).isLessThan(r.bytes());
    assertThat(r.intact()).isFalse();
  }

  @Test
  void omitLeavesTheFirstPartOutOfTheAfterOmitFigures() throws Exception {
    RudpResult r =
        transfer(
            Impairment.NONE,
            RudpMode.SEQUENCED,
            1 << 20,
            11,
            new RudpSender.Settings(
                512,
                Duration.ofMillis(20),
                Duration.ofSeconds(10),
                20_000,
                false,
                Duration.ofMillis(20)));
    // 874 datagrams at 20,000 a second take about 44 ms: some were sent in the first 20, some after
    assertThat(r.afterOmit()).as(r.summary()).isNotNull();
    assertThat(r.afterOmit().datagrams()).isPositive().isLessThan(r.datagrams());
    assertThat(r.afterOmit().seconds()).isPositive().isLessThan(r.seconds());
    assertThat(r.summary()).contains("after the first 20 ms (omitted)");
    assertThat(r.toJson()).containsKey("after_omit");
  }

  @Test
  void anOmitLongerThanTheTransferGivesNoAfterOmitFigures() throws Exception {
    RudpResult r =
        transfer(
            Impairment.NONE,
            RudpMode.RELIABLE,
            64 << 10,
            12,
            new RudpSender.Settings(
                512,
                Duration.ofMillis(20),
                Duration.ofSeconds(10),
                0,
                false,
                Duration.ofMinutes(1)));
    assertThat(r.intact()).as(r.summary()).isTrue();
    assertThat(r.afterOmit()).isNull();
    assertThat(r.toJson()).doesNotContainKey("after_omit");
  }

  /**
   * 300 ms each way: a 600 ms round trip. The SYN goes with the initial RTO of 1 s and is answered
   * in time, so it gives the first sample (RTO 1.8 s); every later RTO comes from samples. Before,
   * the RTO was capped at a twentieth of the dead-peer time (500 ms): the SYN and every window
   * timed out before their answer could come.
   */
  @Test
  void aLongRoundTripCausesNoSpuriousTimeouts() throws Exception {
    RudpResult r =
        transfer(
            Impairment.NONE.withDelay(Duration.ofMillis(300), Duration.ZERO),
            RudpMode.RELIABLE,
            128 << 10,
            21,
            new RudpSender.Settings(1024, Duration.ofMillis(200), Duration.ofSeconds(10), 0));
    assertThat(r.intact()).as(r.summary()).isTrue();
    assertThat(r.timeouts()).as(r.summary()).isZero();
    assertThat(r.retransmissions()).as(r.summary()).isZero();
    assertThat(r.srttMs()).isGreaterThanOrEqualTo(600);
  }

  /** A small transfer to a loopback port that was free a moment ago (nobody listens there). */
  private static RudpResult sendToAClosedPort(RudpMetrics metrics, RudpSender.Settings settings)
      throws Exception {
    InetSocketAddress nobody;
    try (var s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    return new RudpClient(LabRun.quiet(Transport.best()), metrics)
        .send(
            nobody,
            RudpMode.RELIABLE,
            new ReadAhead(Payload.generated(1000, 1), 1200),
            1200,
            settings,
            false);
  }

  @Test
  void aClosedPortEndsTheTransferPromptlyNamingIt() throws Exception {
    LabRun clientRun = LabRun.quiet(Transport.best());
    RudpMetrics metrics = new RudpMetrics(clientRun.metrics().registry());
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                sendToAClosedPort(
                    metrics,
                    new RudpSender.Settings(64, Duration.ofMillis(200), Duration.ofSeconds(10), 0)))
        .isInstanceOf(RudpException.class)
        .hasMessageContaining("the receiver's port is closed");
    // SYNs at 0, 1 and 2 s: the third port unreachable, not the 10 s dead-peer time
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    assertThat(metrics.portUnreachableCount()).isEqualTo(3);
    assertThat(metrics.corruptCount()).isZero();
  }

  @Test
  void aSourceThatFailsEndsTheTransferNamingTheFileAndTheError() throws Exception {
    java.io.InputStream broken =
        new java.io.InputStream() {
          private int left = 300_000;

          @Override
          public int read() throws java.io.IOException {
            if (left-- <= 0) {
              throw new java.io.IOException("Input/output error");
            }
            return 0;
          }
        };
    LabRun clientRun = LabRun.quiet(Transport.best());
    assertThatThrownBy(
            () ->
                new RudpClient(clientRun, new RudpMetrics(clientRun.metrics().registry()))
                    .send(
                        server.address(),
                        RudpMode.RELIABLE,
                        new ReadAhead(Payload.stream("disk.img", broken, 1 << 20), 1200),
                        1200,
                        SETTINGS,
                        false))
        .isInstanceOf(RudpException.class)
        .hasMessage("cannot read disk.img: Input/output error");
  }

  @Test
  void aReceiverThatIsGoneEndsTheTransferWithAClearError() throws Exception {
    LabRun clientRun = LabRun.quiet(Transport.best());
    assertThatThrownBy(
            () ->
                sendToAClosedPort(
                    new RudpMetrics(clientRun.metrics().registry()),
                    new RudpSender.Settings(64, Duration.ofMillis(20), Duration.ofSeconds(2), 0)))
        .isInstanceOf(RudpException.class)
        .hasMessageContaining("no answer from the receiver for 2 s");
  }

  @Test
  void aReceiverKilledMidTransferEndsItWithinTheDeadPeerTime() throws Exception {
    RudpServer doomed = new RudpServer(ANY_LOOPBACK, run, serverMetrics, 1024, finished::add);
    doomed.start();
    LabRun clientRun = LabRun.quiet(Transport.best());
    RudpMetrics clientMetrics = new RudpMetrics(clientRun.metrics().registry());
    java.util.concurrent.CompletableFuture<RudpResult> transfer =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return new RudpClient(clientRun, clientMetrics)
                    .send(
                        doomed.localAddress(),
                        RudpMode.RELIABLE,
                        new ReadAhead(
                            Payload.generated(64L << 30, 1), 1200), // far more than 2 s' worth
                        1200,
                        new RudpSender.Settings(
                            256, Duration.ofMillis(20), Duration.ofSeconds(2), 0),
                        false);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    Await.until(
        "data flowing to the receiver",
        Duration.ofSeconds(10),
        () -> serverMetrics.receivedCount() >= 1000 || transfer.isDone());
    doomed.close();
    long killed = System.nanoTime();
    assertThatThrownBy(() -> transfer.get(30, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(RudpException.class)
        .hasMessageContaining("it stopped answering mid-transfer");
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void datagramsForAnotherConnectionAreDroppedAndCounted() throws Exception {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
      ByteBuf buf = Unpooled.buffer();
      RudpCodec.encode(RudpPacket.data(0x1234, 0, 0, 0, new byte[100]), buf);
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      s.send(new java.net.DatagramPacket(bytes, bytes.length, server.address()));
      s.send(new java.net.DatagramPacket(bytes, 20, server.address())); // truncated header
      ByteBuf lying = Unpooled.buffer();
      RudpCodec.encode(RudpPacket.data(0x1234, 0, 0, 0, new byte[100]), lying);
      lying.setShort(RudpCodec.LENGTH_OFFSET, 1000); // says 1000 bytes of payload follow
      byte[] lie = new byte[lying.readableBytes()];
      lying.readBytes(lie);
      s.send(new java.net.DatagramPacket(lie, lie.length, server.address()));
    }
    RudpResult r = transfer(Impairment.NONE, RudpMode.RELIABLE, 64 << 10, 2, SETTINGS);
    assertThat(r.intact()).isTrue();
    assertThat(serverMetrics.wrongConnectionCount()).isEqualTo(1);
    assertThat(serverMetrics.corruptCount()).isEqualTo(2);
  }
}
