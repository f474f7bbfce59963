package dev.netlab.ports.host;

import dev.netlab.common.base.FatalErrors;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daytime, quote of the day, time and chargen over UDP: one answer datagram for each datagram
 * received, whatever it holds (RFC 868: an empty one asks for the time), sent back to its sender.
 * No state per peer. While the socket's send queue is full the answer is dropped, as UDP may: a
 * flood of requests cannot make the server queue answers without bound.
 */
@Sharable
final class UdpAnswerServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpAnswerServerHandler.class);

  private final Answer answer;

  UdpAnswerServerHandler(Answer answer) {
    this.answer = answer;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket request) {
    if (ctx.channel().isWritable()) {
      ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(answer.next()), request.sender()));
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  /** One peer's error must not stop the service for the others: log it and keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("datagram error (still serving): {}", cause.toString());
  }
}
