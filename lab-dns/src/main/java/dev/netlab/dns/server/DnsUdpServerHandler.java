package dev.netlab.dns.server;

import dev.netlab.common.base.FatalErrors;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DNS over UDP: one datagram in, at most one datagram back to its sender. Stateless. */
@Sharable
public final class DnsUdpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(DnsUdpServerHandler.class);

  private final Responder responder;
  private final QueryLog queryLog;

  public DnsUdpServerHandler(Responder responder, QueryLog queryLog) {
    this.responder = responder;
    this.queryLog = queryLog;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long start = System.nanoTime();
    Reply reply = responder.respond(ByteBufUtil.getBytes(packet.content()), false);
    if (reply.wire() != null) {
      ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(reply.wire()), packet.sender()));
    }
    queryLog.record(packet.sender(), "udp", reply, start);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  /** One sender's bad datagram must not stop the answers to the others: log, keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("datagram error (still serving): {}", cause.toString());
  }
}
