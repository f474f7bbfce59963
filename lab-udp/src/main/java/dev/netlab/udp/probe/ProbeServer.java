package dev.netlab.udp.probe;

import dev.netlab.common.base.WarmUp;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.common.net.UdpServer;
import dev.netlab.udp.UdpMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The raw-datagram receiver: accounts every sender's datagrams (loss, reordering, duplicates,
 * jitter) and, when a sender says it is done, prints the figures and sends them back.
 */
public final class ProbeServer extends UdpServer {
  /** 10000 + discard's well-known port 9 (UDP). */
  public static final int DEFAULT_PORT = 10_009;

  /** A late datagram overtaken by one sent this much later would miss a player's buffer. */
  public static final Duration DEFAULT_PLAYOUT = Duration.ofMillis(100);

  /**
   * Runs the accounting and reporting code once before the socket opens, so the first real
   * datagrams do not wait for class loading while the kernel's receive buffer (about 200 KB on
   * Linux by default) overflows.
   */
  static void warmUp() {
    ArrivalStats s = new ArrivalStats(1);
    for (long seq : new long[] {0, 2, 1, 1, 5}) {
      s.onData(seq, seq, seq + 10, ProbeDatagram.HEADER_LENGTH);
    }
    s.onEnd(6);
    ProbeReport r = ProbeReport.of(s);
    try {
      java.io.PrintWriter nowhere = new java.io.PrintWriter(java.io.Writer.nullWriter());
      ProbeReport.parse(r.toJsonText())
          .print(new dev.netlab.common.base.Console(nowhere, nowhere, false), "warm-up");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a report always parses back", e);
    }
  }

  @Override
  public ProbeServer start() throws InterruptedException {
    WarmUp.ifEnabled(ProbeServer::warmUp);
    super.start();
    return this;
  }

  /**
   * @param onReport called with each sender's address and final figures
   */
  public ProbeServer(
      InetSocketAddress bindAddress,
      LabRun run,
      UdpMetrics metrics,
      Duration playout,
      BiConsumer<InetSocketAddress, ProbeReport> onReport) {
    this(bindAddress, run, metrics, playout, PeerLimits.DEFAULT, onReport);
  }

  /**
   * @param limits senders accounted at once, and when a quiet one is forgotten
   * @param onReport called with each sender's address and final figures
   */
  public ProbeServer(
      InetSocketAddress bindAddress,
      LabRun run,
      UdpMetrics metrics,
      Duration playout,
      PeerLimits limits,
      BiConsumer<InetSocketAddress, ProbeReport> onReport) {
    super(
        bindAddress,
        run.transport(),
        new ProbeServerInitializer(run, metrics, playout, limits, onReport),
        "UDP datagram server");
  }
}
