package dev.netlab.udp.rudp;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.WarmUp;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.common.net.BufferBudget;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.common.net.UdpServer;
import dev.netlab.udp.rudp.protocol.RudpReceiver;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The RUDP receiver: accepts connections, delivers in order, answers FIN with its SHA-256. */
public final class RudpServer extends UdpServer {
  /** No well-known port: the lab's own protocol, documented in docs/rudp.md. */
  public static final int DEFAULT_PORT = 10_200;

  /** Receive window in datagrams, unless told otherwise. */
  public static final int DEFAULT_WINDOW = 4096;

  /**
   * What all connections together may buffer out of order, unless told otherwise: a full default
   * window of 1200-byte datagrams for a dozen senders at once, and a small part of any heap.
   */
  public static final long DEFAULT_MAX_BUFFER = 64L << 20;

  @Override
  public RudpServer start() throws InterruptedException {
    WarmUp.ifEnabled(RudpServer::warmUp);
    super.start();
    return this;
  }

  /**
   * Runs one small connection (SYN, three DATA, FIN) through a handler of its own, with throwaway
   * meters, before the socket opens. Loading the classes and setting up SHA-256 otherwise delayed
   * the first SYN-ACK by a few hundred milliseconds (more on a receiver pinned to one CPU), longer
   * than a sender's first retransmission timeout.
   */
  static void warmUp() {
    InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new RudpServerHandler(
                Console.silent(),
                new RudpMetrics(new SimpleMeterRegistry()),
                64,
                PeerLimits.DEFAULT,
                new BufferBudget(1 << 20),
                r -> {}));
    for (RudpPacket p : smallConnection(1, RudpMode.RELIABLE, new long[] {0, 2, 1})) {
      ch.writeInbound(new DatagramPacket(RudpCodec.encode(p, ch.alloc()), peer, peer));
    }
    ch.finishAndReleaseAll();
  }

  /** A whole connection as a sender sends it: SYN, 100-byte DATA in the order given, FIN. */
  static List<RudpPacket> smallConnection(long id, RudpMode mode, long[] seqs) {
    int size = 100;
    List<RudpPacket> connection = new ArrayList<>();
    connection.add(RudpPacket.syn(id, mode, 64, SynPayload.of((long) seqs.length * size, size)));
    for (long seq : seqs) {
      connection.add(RudpPacket.data(id, seq, 0, 0, new byte[size]));
    }
    connection.add(RudpPacket.fin(id, seqs.length));
    return connection;
  }

  public RudpServer(
      InetSocketAddress bindAddress,
      LabRun run,
      RudpMetrics metrics,
      int window,
      Consumer<RudpReceiver> onFinished) {
    this(
        bindAddress,
        run,
        metrics,
        window,
        PeerLimits.DEFAULT,
        new BufferBudget(DEFAULT_MAX_BUFFER),
        onFinished);
  }

  /**
   * @param window datagrams each connection may buffer out of order (advertised to its sender)
   * @param limits connections at once, and when a quiet one is dropped
   * @param budget what all connections together may buffer
   */
  public RudpServer(
      InetSocketAddress bindAddress,
      LabRun run,
      RudpMetrics metrics,
      int window,
      PeerLimits limits,
      BufferBudget budget,
      Consumer<RudpReceiver> onFinished) {
    super(
        bindAddress,
        run.transport(),
        new ChannelInitializer<DatagramChannel>() {
          @Override
          protected void initChannel(DatagramChannel ch) {
            // --pcap: the datagrams this socket reads and writes
            run.addPcap(ch.pipeline());
            // codec and logic: decode, check, deliver, acknowledge once per read batch
            ch.pipeline()
                .addLast(
                    "rudp",
                    new RudpServerHandler(
                        run.console(), metrics, window, limits, budget, onFinished));
          }
        },
        "RUDP receiver");
    budget.register(metrics.registry(), LabMetrics.PREFIX + "rudp");
  }
}
