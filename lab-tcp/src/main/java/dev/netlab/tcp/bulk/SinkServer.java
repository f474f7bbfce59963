package dev.netlab.tcp.bulk;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.TcpServer;
import dev.netlab.tcp.TcpMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The bulk-transfer sink: reads everything a sender sends, hashes it, and after the sender's FIN
 * answers with a {@link TransferReport} line.
 */
public final class SinkServer extends TcpServer {
  /** 10000 + discard's well-known port 9: the sink discards what it hashes. */
  public static final int DEFAULT_PORT = 10_009;

  /**
   * @param hash compute SHA-256 of what arrives (off measures the socket path alone)
   * @param interval how often to print throughput; zero for only the total
   * @param onReport called with each finished transfer
   */
  public SinkServer(
      InetSocketAddress bindAddress,
      LabRun run,
      TcpMetrics metrics,
      boolean hash,
      Duration interval,
      Consumer<TransferReport> onReport) {
    super(
        bindAddress,
        run.transport(),
        new SinkServerInitializer(run, metrics, hash, interval, onReport),
        "TCP sink",
        true);
  }
}
