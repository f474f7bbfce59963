package dev.netlab.ports.host;

import dev.netlab.common.base.FatalErrors;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chargen (RFC 864) over TCP: sends the pattern until the client closes, whatever it sends (which
 * is discarded). Generates only while the channel is writable: a client that never reads fills its
 * receive buffer and the server's send buffer, then the server queues at most the write-buffer high
 * water mark and one more cycle of the pattern, and waits for {@code channelWritabilityChanged},
 * like the TCP lab's bulk sender.
 */
final class ChargenServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ChargenServerHandler.class);

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    pump(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    pump(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  /** Whole cycles of the pattern (95 lines each), so that the stream is the pattern from line 0. */
  private static void pump(ChannelHandlerContext ctx) {
    boolean wrote = false;
    while (ctx.channel().isActive() && ctx.channel().isWritable()) {
      // wraps the shared array: no copy, and nothing to free but the wrapper
      ctx.write(Unpooled.wrappedBuffer(Chargen.cycle()), ctx.voidPromise());
      wrote = true;
    }
    if (wrote) {
      ctx.flush();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  /** The client closing while we write is how chargen ends: log it, close this connection. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.debug("chargen to {} ends: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
