package dev.netlab.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts bytes, reads and writes passing through a pipeline into {@code netlab.<lab>.*} meters.
 * Stateless apart from thread-safe counters, so one instance serves every channel of a run.
 */
@Sharable
public final class TrafficMetricsHandler extends ChannelDuplexHandler {
  private final Counter bytesRead;
  private final Counter bytesWritten;
  private final Counter reads;
  private final Counter writes;

  public TrafficMetricsHandler(MeterRegistry registry, String lab) {
    String prefix = LabMetrics.PREFIX + lab + ".";
    this.bytesRead =
        Counter.builder(prefix + "bytes")
            .tag("direction", "read")
            .baseUnit("bytes")
            .register(registry);
    this.bytesWritten =
        Counter.builder(prefix + "bytes")
            .tag("direction", "written")
            .baseUnit("bytes")
            .register(registry);
    this.reads = Counter.builder(prefix + "reads").description("messages read").register(registry);
    this.writes =
        Counter.builder(prefix + "writes").description("messages written").register(registry);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reads.increment();
    bytesRead.increment(size(msg));
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    writes.increment();
    bytesWritten.increment(size(msg));
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf buf) {
      return buf.readableBytes();
    }
    if (msg instanceof ByteBufHolder holder) {
      return holder.content().readableBytes();
    }
    return 0;
  }
}
