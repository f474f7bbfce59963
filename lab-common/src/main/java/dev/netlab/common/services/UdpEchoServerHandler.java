package dev.netlab.common.services;

import dev.netlab.common.base.FatalErrors;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo service (RFC 862) over UDP: sends every datagram back to where it came from. Stateless,
 * hence sharable.
 */
@Sharable
public final class UdpEchoServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpEchoServerHandler.class);

  private final DatagramEvents metrics;

  public UdpEchoServerHandler(DatagramEvents metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    int size = packet.content().readableBytes();
    metrics.received(size);
    metrics.sent(size);
    ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()));
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  /** One peer's error must not stop the echo for the others: log it and keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("datagram error (still serving): {}", cause.toString());
  }
}
