package dev.netlab.common.net;

import io.netty.channel.ChannelHandlerContext;

/**
 * A server that answers what it reads must not queue answers without end for a client that sends
 * and never reads: while the socket cannot take more, it stops reading that client, and reads again
 * once the socket drains. Call {@link #afterReadComplete} at the end of {@code channelReadComplete}
 * (after the flush) and {@link #onWritabilityChanged} from {@code channelWritabilityChanged}.
 */
public final class Backpressure {
  private Backpressure() {}

  /** Stops reading while the channel is unwritable (its outbound buffer above the high mark). */
  public static void afterReadComplete(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /** Reads again once the channel drained below its low mark; passes the event on. */
  public static void onWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }
}
