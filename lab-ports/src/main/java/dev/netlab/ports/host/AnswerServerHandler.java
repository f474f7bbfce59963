package dev.netlab.ports.host;

import dev.netlab.common.base.FatalErrors;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daytime, quote of the day and time over TCP: on connect the server sends its {@link Answer} and
 * closes, whatever the client sends (discarded). Stateless, hence sharable.
 */
@Sharable
final class AnswerServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(AnswerServerHandler.class);

  private final Answer answer;

  AnswerServerHandler(Answer answer) {
    this.answer = answer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(answer.next()))
        .addListener(ChannelFutureListener.CLOSE);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  /** A broken connection is that client's problem: log it, close it, keep serving others. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.exitIfFatal(cause);
    log.info("closing {} after error: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
