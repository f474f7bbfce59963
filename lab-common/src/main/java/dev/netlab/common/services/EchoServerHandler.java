package dev.netlab.common.services;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.net.Backpressure;
import dev.netlab.common.net.Sockets;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo service (RFC 862) over TCP: writes back every byte read. When the client shuts down its
 * sending side (FIN), the server flushes what is left and closes, so {@code nc -N} and half-closing
 * clients see every byte.
 */
public final class EchoServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(EchoServerHandler.class);

  private final Console console;
  private final ConnectionEvents metrics;
  private long echoed;

  /**
   * @param console where each connection's opening and closing is narrated (silent for none)
   * @param metrics told of each connection's opening and closing
   */
  public EchoServerHandler(Console console, ConnectionEvents metrics) {
    this.console = console;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    metrics.opened();
    console.claim(
        "IP-1",
        "connection from %s to %s",
        Sockets.hostPort(ctx.channel().remoteAddress()),
        Sockets.hostPort(ctx.channel().localAddress()));
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    echoed += ((ByteBuf) msg).readableBytes();
    ctx.write(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    Backpressure.afterReadComplete(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Backpressure.onWritabilityChanged(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    metrics.closed();
    console.say(
        "closed %s after echoing %d bytes",
        Sockets.hostPort(ctx.channel().remoteAddress()), echoed);
    ctx.fireChannelInactive();
  }

  /** A broken connection is that client's problem: log it, close it, keep serving others. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("closing {} after error: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
