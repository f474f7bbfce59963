package dev.netlab.ports.host;

import dev.netlab.common.base.Console;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.services.DatagramEvents;
import dev.netlab.common.services.UdpEchoServerHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import java.time.Clock;

/** One UDP service's socket pipeline: counting, then the service. No per-peer state. */
final class HostUdpInitializer extends ChannelInitializer<DatagramChannel> {
  private final LabRun run;
  private final ServiceMetersHandler metersHandler;
  private final ChannelHandler handler;

  HostUdpInitializer(Service service, LabRun run, ServiceMeters meters, Clock clock) {
    this.run = run;
    this.metersHandler = new ServiceMetersHandler(meters, Console.silent());
    this.handler =
        switch (service) {
          case ECHO -> new UdpEchoServerHandler(DatagramEvents.NONE);
          case DISCARD -> new DiscardServerHandler();
          case DAYTIME -> new UdpAnswerServerHandler(Answer.daytime(clock));
          case QOTD -> new UdpAnswerServerHandler(Answer.qotd(clock));
          case TIME -> new UdpAnswerServerHandler(Answer.time(clock));
          case CHARGEN -> new UdpAnswerServerHandler(Answer.chargenLine());
          case HTTP -> throw new IllegalArgumentException("HTTP/1.1 is served over TCP only");
        };
  }

  @Override
  protected void initChannel(DatagramChannel ch) {
    // --pcap: the datagrams this socket reads and writes
    run.addPcap(ch.pipeline());
    // counting: datagrams and bytes into the service's meters
    ch.pipeline().addLast("meters", metersHandler);
    // logic: answer (or echo, or discard) each datagram
    ch.pipeline().addLast("service", handler);
  }
}
