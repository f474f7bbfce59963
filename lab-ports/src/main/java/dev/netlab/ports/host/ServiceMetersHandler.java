package dev.netlab.ports.host;

import dev.netlab.common.base.Console;
import dev.netlab.common.net.Sockets;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;

/**
 * Counts one service's traffic into its {@link ServiceMeters} and, for TCP, narrates each
 * connection's 4-tuple. Stateless apart from thread-safe counters: one instance serves every
 * channel of the service.
 */
@Sharable
final class ServiceMetersHandler extends ChannelDuplexHandler {
  private final ServiceMeters meters;
  private final Console console;

  ServiceMetersHandler(ServiceMeters meters, Console console) {
    this.meters = meters;
    this.console = console;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!meters.udp()) {
      meters.opened();
      if (!console.quiet()) { // --json: no narration, and no formatting under connection churn
        console.claim(
            "PORT-1",
            "%s/tcp: connection from %s to %s",
            meters.service().label(),
            Sockets.hostPort(ctx.channel().remoteAddress()),
            Sockets.hostPort(ctx.channel().localAddress()));
      }
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!meters.udp()) {
      meters.closed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket packet) {
      meters.received();
      meters.read(packet.content().readableBytes());
    } else if (msg instanceof ByteBuf buf) {
      meters.read(buf.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof DatagramPacket packet) {
      meters.sent();
      meters.written(packet.content().readableBytes());
    } else if (msg instanceof ByteBuf buf) {
      meters.written(buf.readableBytes());
    }
    ctx.write(msg, promise);
  }
}
