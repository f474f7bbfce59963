package dev.netlab.ports.host;

import dev.netlab.common.base.FatalErrors;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discard (RFC 863) over TCP and UDP: what arrives is thrown away (counted by the meters before
 * this handler) and nothing is sent. Stateless, hence sharable.
 */
@Sharable
final class DiscardServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(DiscardServerHandler.class);

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  /** One peer's broken connection (or datagram error) is its own: log it, keep serving. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("discard: {} (still serving)", cause.toString());
    if (ctx.channel() instanceof io.netty.channel.socket.SocketChannel) {
      ctx.close();
    }
  }
}
