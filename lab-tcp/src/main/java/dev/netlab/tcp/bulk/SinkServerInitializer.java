package dev.netlab.tcp.bulk;

import dev.netlab.common.cli.LabRun;
import dev.netlab.tcp.TcpMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Sink pipeline: raw bytes in, one report line out. */
final class SinkServerInitializer extends ChannelInitializer<SocketChannel> {
  private final LabRun run;
  private final TcpMetrics metrics;
  private final boolean hash;
  private final Duration interval;
  private final Consumer<TransferReport> onReport;
  private final AtomicInteger streams = new AtomicInteger();

  SinkServerInitializer(
      LabRun run,
      TcpMetrics metrics,
      boolean hash,
      Duration interval,
      Consumer<TransferReport> onReport) {
    this.run = run;
    this.metrics = metrics;
    this.hash = hash;
    this.interval = interval;
    this.onReport = onReport;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    // --pcap: what this connection reads and writes, for Wireshark
    run.addPcap(p);
    // counting: bytes, reads and writes into the run's meters
    p.addLast("traffic", metrics.traffic());
    // logic: hash and count, report after FIN
    p.addLast(
        "sink",
        new SinkServerHandler(
            run.console(),
            metrics,
            hash,
            HashingThreads.forThisMachine(),
            interval,
            String.valueOf(streams.incrementAndGet()),
            onReport));
  }
}
