package dev.netlab.tcp;

import io.micrometer.core.instrument.Timer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Times a connect from the moment the socket's connect() is issued to the moment the kernel reports
 * it established: the handshake's round trip, without Java's set-up work.
 */
public final class ConnectTimer extends ChannelDuplexHandler {
  private static final AttributeKey<Long> NANOS = AttributeKey.valueOf("netlab.connect.nanos");

  private final Timer timer;

  /** How long the channel's connect took until it succeeded or failed, in ms (0 if unknown). */
  public static double millis(Channel channel) {
    Long nanos = channel.attr(NANOS).get();
    return nanos == null ? 0 : nanos / 1e6;
  }

  ConnectTimer(Timer timer) {
    this.timer = timer;
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx,
      SocketAddress remote,
      SocketAddress local,
      ChannelPromise promise) {
    long start = System.nanoTime();
    // The caller's promise completes only after the time is recorded, so it can read it back.
    ChannelPromise inner = ctx.newPromise();
    inner.addListener(
        f -> {
          long nanos = System.nanoTime() - start;
          ctx.channel().attr(NANOS).set(nanos);
          if (f.isSuccess()) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
            promise.trySuccess();
          } else {
            promise.tryFailure(f.cause());
          }
        });
    ctx.connect(remote, local, inner);
  }
}
