package dev.netlab.udp.probe;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.udp.UdpMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BiConsumer;

/** Probe server pipeline: datagrams straight to the accounting handler. */
final class ProbeServerInitializer extends ChannelInitializer<DatagramChannel> {
  private final LabRun run;
  private final UdpMetrics metrics;
  private final Duration playout;
  private final BiConsumer<InetSocketAddress, ProbeReport> onReport;
  private final PeerLimits limits;

  ProbeServerInitializer(
      LabRun run,
      UdpMetrics metrics,
      Duration playout,
      PeerLimits limits,
      BiConsumer<InetSocketAddress, ProbeReport> onReport) {
    this.limits = limits;
    this.run = run;
    this.metrics = metrics;
    this.playout = playout;
    this.onReport = onReport;
  }

  @Override
  protected void initChannel(DatagramChannel ch) {
    ChannelPipeline p = ch.pipeline();
    // --pcap: the datagrams this socket reads and writes, for Wireshark
    run.addPcap(p);
    // logic: per-sender accounting, report on END
    p.addLast("probe", new ProbeServerHandler(run.console(), metrics, playout, limits, onReport));
  }
}
