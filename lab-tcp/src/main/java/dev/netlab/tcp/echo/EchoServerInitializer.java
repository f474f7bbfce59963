package dev.netlab.tcp.echo;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.services.EchoServerHandler;
import dev.netlab.tcp.TcpMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/** Echo server pipeline: no framing, the bytes themselves are echoed. */
final class EchoServerInitializer extends ChannelInitializer<SocketChannel> {
  private final LabRun run;
  private final TcpMetrics metrics;

  EchoServerInitializer(LabRun run, TcpMetrics metrics) {
    this.run = run;
    this.metrics = metrics;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    // --pcap: what this connection reads and writes, for Wireshark
    run.addPcap(p);
    // counting: bytes, reads and writes into the run's meters
    p.addLast("traffic", metrics.traffic());
    // logic: write back what was read
    p.addLast("echo", new EchoServerHandler(run.console(), metrics));
  }
}
