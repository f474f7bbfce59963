package dev.netlab.tcp.echo;

import dev.netlab.common.cli.LabRun;
import dev.netlab.tcp.TcpMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/** Echo client pipeline: no framing; the handler collects what comes back. */
final class EchoClientInitializer extends ChannelInitializer<SocketChannel> {
  private final LabRun run;
  private final TcpMetrics metrics;
  private final EchoClientHandler handler;

  EchoClientInitializer(LabRun run, TcpMetrics metrics, EchoClientHandler handler) {
    this.run = run;
    this.metrics = metrics;
    this.handler = handler;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    // --pcap: what this connection reads and writes, for Wireshark
    run.addPcap(p);
    // counting: bytes, reads and writes into the run's meters
    p.addLast("traffic", metrics.traffic());
    // logic: collect the echo
    p.addLast("echo", handler);
  }
}
