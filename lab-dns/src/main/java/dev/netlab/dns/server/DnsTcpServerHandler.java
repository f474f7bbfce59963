package dev.netlab.dns.server;

import dev.netlab.common.base.FatalErrors;
import dev.netlab.common.net.Backpressure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP, after the length framing: one message in, one message out, as many per connection
 * as the client sends (RFC 7766 section 6.2.1). Input that gets no answer (not DNS, a response)
 * closes the connection: the stream can no longer be trusted to be framed right.
 */
public final class DnsTcpServerHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(DnsTcpServerHandler.class);

  private final Responder responder;
  private final QueryLog queryLog;
  private final TransferAcl transfers;

  public DnsTcpServerHandler(Responder responder, QueryLog queryLog, TransferAcl transfers) {
    this.responder = responder;
    this.queryLog = queryLog;
    this.transfers = transfers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    long start = System.nanoTime();
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    // zone transfers only to this machine unless --allow-transfer says more
    boolean transferAllowed = transfers.allows(client.getAddress());
    Reply reply = responder.respond(ByteBufUtil.getBytes(frame), true, transferAllowed);
    queryLog.record(client, "tcp", reply, start);
    if (reply.wire() == null) {
      ctx.close();
      return;
    }
    ctx.write(Unpooled.wrappedBuffer(reply.wire()));
    for (byte[] next : reply.more()) {
      ctx.write(Unpooled.wrappedBuffer(next));
    }
  }

  /**
   * A client that sends queries and never reads the answers would make the server queue answers
   * without end: while the socket cannot take more, stop reading its queries. The idle timeout then
   * closes a client that never reads again.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    Backpressure.afterReadComplete(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Backpressure.onWritabilityChanged(ctx);
  }

  /** Idle too long (a client that stalls mid-message, or just holds the connection): close. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.debug("closing idle DNS connection from {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  /** A broken connection (a lying length prefix, a reset) is that client's: close it, serve on. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("closing DNS connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
