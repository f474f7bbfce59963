package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.payload.Payload;
import dev.netlab.common.payload.ReadAhead;
import dev.netlab.common.testing.Await;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.protocol.RudpSender;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real reliable-mode transfer on loopback, its datagrams captured by the kernel (tcpdump or
 * dumpcap, with {@link KernelCapture#SNAP_LENGTH}) into {@code pcap}: sent straight to the
 * receiver, or through the impairment relay, whose two legs are both captured.
 *
 * @param relayPort the relay's port, or 0 when the sender talked to the receiver directly
 * @param packets what the capture decoded, in the pcap's order
 */
record CapturedTransfer(
    Path pcap,
    int serverPort,
    int relayPort,
    RudpReceiver receiver,
    RudpResult result,
    List<Packet> packets) {
  static final RudpSender.Settings SETTINGS =
      new RudpSender.Settings(64, Duration.ofMillis(20), Duration.ofSeconds(10), 0);
  private static final InetSocketAddress ANY_LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /** {@code bytes} in datagrams of {@code size}, straight from sender to receiver. */
  static CapturedTransfer direct(Path pcap, int bytes, int size) throws Exception {
    return run(pcap, null, bytes, size, 3);
  }

  /** {@code bytes} in datagrams of {@code size} through a relay doing {@code imp} both ways. */
  static CapturedTransfer relayed(Path pcap, Impairment imp, int bytes, int size, long seed)
      throws Exception {
    return run(pcap, imp, bytes, size, seed);
  }

  /** The connection id as tshark prints it. */
  String connectionId() {
    return String.format("0x%016x", receiver.id());
  }

  private static CapturedTransfer run(Path pcap, Impairment imp, int bytes, int size, long seed)
      throws Exception {
    LabRun run = LabRun.quiet(Transport.best());
    CopyOnWriteArrayList<RudpReceiver> finished = new CopyOnWriteArrayList<>();
    try (RudpServer server =
        new RudpServer(
            ANY_LOOPBACK, run, new RudpMetrics(run.metrics().registry()), 4096, finished::add)) {
      server.start();
      int serverPort = server.localAddress().getPort();
      ImpairmentRelay relay =
          imp == null
              ? null
              : new ImpairmentRelay(
                  ANY_LOOPBACK, server.localAddress(), Transport.best(), imp, imp, seed);
      try {
        InetSocketAddress target = server.localAddress();
        String filter = "udp port " + serverPort;
        if (relay != null) {
          relay.start();
          target = relay.localAddress();
          filter += " or udp port " + target.getPort();
        }
        int peerPort = target.getPort();
        KernelCapture capture = KernelCapture.start(filter, pcap);
        RudpResult result;
        try {
          result =
              new RudpClient(run, new RudpMetrics(run.metrics().registry()))
                  .send(
                      target,
                      RudpMode.RELIABLE,
                      new ReadAhead(Payload.generated(bytes, seed), size),
                      size,
                      SETTINGS,
                      false);
          capture.await(packets -> finAckReached(packets, peerPort), Duration.ofSeconds(5));
        } finally {
          capture.close();
        }
        assertThat(result.intact()).as(result.summary()).isTrue();
        // the receiver counts the connection finished once its FIN-ACK is flushed
        Await.until("the receiver finishes", Duration.ofSeconds(5), () -> !finished.isEmpty());
        assertThat(finished).hasSize(1);
        return new CapturedTransfer(
            pcap,
            serverPort,
            relay == null ? 0 : peerPort,
            finished.get(0),
            result,
            capture.packets());
      } finally {
        if (relay != null) {
          relay.close();
        }
      }
    }
  }

  /** The FIN-ACK that reached the sender, from {@code peerPort}, is in the capture. */
  private static boolean finAckReached(List<Packet> packets, int peerPort) {
    return packets.stream()
        .anyMatch(
            p ->
                p.payload().length > 1
                    && p.payload()[1] == RudpCodec.TYPE_FIN_ACK
                    && p.source().getPort() == peerPort);
  }
}
