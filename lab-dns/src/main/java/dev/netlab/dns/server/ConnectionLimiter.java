package dev.netlab.dns.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on open TCP connections: one past the bound is closed as soon as it is accepted, so
 * clients that open connections and keep them cannot exhaust the server's file descriptors (RFC
 * 7766 section 10). Shared by every connection of one server.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private final int max;
  private final DnsMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();

  public ConnectionLimiter(int max, DnsMetrics metrics) {
    if (max < 1) {
      throw new IllegalArgumentException("max connections must be at least 1, got " + max);
    }
    this.max = max;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (open.incrementAndGet() > max) {
      metrics.connectionRefused();
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    open.decrementAndGet();
    ctx.fireChannelInactive();
  }

  /** Connections open now, counting one being turned away. */
  public int open() {
    return open.get();
  }
}
