package dev.netlab.ports.host;

import dev.netlab.common.base.Console;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.services.ConnectionEvents;
import dev.netlab.common.services.EchoServerHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** One TCP service's connection pipeline: limits first, then counting, then the service. */
final class HostTcpInitializer extends ChannelInitializer<SocketChannel> {
  private final Service service;
  private final LabRun run;
  private final ServiceMeters meters;
  private final ServiceMetersHandler metersHandler;
  private final ConnectionLimit limit;
  private final ChannelHandler shared;
  private final HttpPage page;

  HostTcpInitializer(
      Service service,
      LabRun run,
      ServiceMeters meters,
      ConnectionLimit limit,
      Clock clock,
      HttpPage page) {
    this.service = service;
    this.run = run;
    this.meters = meters;
    this.metersHandler = new ServiceMetersHandler(meters, run.console());
    this.limit = limit;
    this.page = page;
    this.shared =
        switch (service) {
          case DISCARD -> new DiscardServerHandler();
          case DAYTIME -> new AnswerServerHandler(Answer.daytime(clock));
          case QOTD -> new AnswerServerHandler(Answer.qotd(clock));
          case TIME -> new AnswerServerHandler(Answer.time(clock));
          default -> null; // echo, chargen and http keep per-connection state
        };
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    // --pcap: what this connection reads and writes, for Wireshark
    run.addPcap(p);
    // idle timeout: an event when nothing was read or written for the limit's idle time
    p.addLast("idle", new IdleStateHandler(0, 0, limit.idle().toMillis(), TimeUnit.MILLISECONDS));
    // limits: refuse beyond --max-connections, close on the idle event
    p.addLast("limit", new ConnectionLimitHandler(limit, meters));
    // counting: connections and bytes into the service's meters; the 4-tuple narrated
    p.addLast("meters", metersHandler);
    // logic: the service
    switch (service) {
      case ECHO ->
          p.addLast("echo", new EchoServerHandler(Console.silent(), ConnectionEvents.NONE));
      case CHARGEN -> p.addLast("chargen", new ChargenServerHandler());
      case HTTP -> {
        // framing: one request or header line at a time, bounded
        p.addLast("lines", new LineBasedFrameDecoder(HttpServerHandler.MAX_LINE));
        p.addLast("http", new HttpServerHandler(page));
      }
      default -> p.addLast(service.label(), shared);
    }
  }
}
