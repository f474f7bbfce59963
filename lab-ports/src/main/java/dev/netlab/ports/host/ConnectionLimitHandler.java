package dev.netlab.ports.host;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in every TCP connection's pipeline: admits the connection if the host's {@link
 * ConnectionLimit} allows, else closes it at once (counted as refused, and the rest of the pipeline
 * never sees it); closes an admitted connection when the idle timeout's {@link IdleStateEvent}
 * comes (counted as idle-closed).
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimitHandler.class);

  private final ConnectionLimit limit;
  private final ServiceMeters meters;
  private boolean admitted;

  ConnectionLimitHandler(ConnectionLimit limit, ServiceMeters meters) {
    this.limit = limit;
    this.meters = meters;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    admitted = limit.tryOpen(ctx.channel());
    if (!admitted) {
      meters.refused();
      log.info(
          "{} open connections, the limit (--max-connections): refusing {}",
          limit.max(),
          ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (admitted) {
      limit.closed();
      ctx.fireChannelInactive();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (admitted) {
      ctx.fireChannelRead(msg);
    } else {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      meters.idleClosed();
      log.info(
          "closing {}: idle for {} s (--idle-timeout)",
          ctx.channel().remoteAddress(),
          limit.idle().toSeconds());
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }
}
