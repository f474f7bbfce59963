package dev.netlab.tcp.bulk;

import dev.netlab.common.cli.LabRun;
import dev.netlab.tcp.TcpMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/** Sender pipeline: raw bytes out, the sink's report line in. */
final class SendClientInitializer extends ChannelInitializer<SocketChannel> {
  private final LabRun run;
  private final TcpMetrics metrics;
  private final SendClientHandler handler;

  SendClientInitializer(LabRun run, TcpMetrics metrics, SendClientHandler handler) {
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
    // logic: send while writable, then FIN, then read the report
    p.addLast("send", handler);
  }
}
