package dev.netlab.tcp;

import dev.netlab.common.base.LabException;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * Opens a lab client's connection: times the handshake into the connect-time meter and turns a
 * refusal or a timeout into a sentence that says what the kernel did and what to do.
 */
public final class TcpConnector {
  /** How long a client waits for the handshake unless told otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Outbound bytes a sender may queue in user space before it pauses: bounded memory whatever the
   * receiver's speed.
   */
  public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 2 << 20);

  private TcpConnector() {}

  /**
   * Connects and waits for the handshake.
   *
   * @throws LabException (exit 1) when refused or timed out
   */
  public static Channel connect(
      EventLoopGroup group,
      Transport transport,
      ChannelHandler initializer,
      InetSocketAddress server,
      Duration timeout,
      TcpMetrics metrics)
      throws InterruptedException {
    ChannelFuture f = attempt(group, transport, initializer, server, timeout, metrics);
    if (!f.isSuccess()) {
      throw connectError(server, timeout, f.cause());
    }
    return f.channel();
  }

  /**
   * Connects and waits, returning the finished attempt whether it succeeded or not; {@link
   * ConnectTimer#millis} gives its duration either way.
   */
  public static ChannelFuture attempt(
      EventLoopGroup group,
      Transport transport,
      ChannelHandler initializer,
      InetSocketAddress server,
      Duration timeout,
      TcpMetrics metrics)
      throws InterruptedException {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    // timing: from connect() to SYN+ACK answered, not channel set-up
                    ch.pipeline().addLast("connect-timer", new ConnectTimer(metrics.connectTime()));
                    ch.pipeline().addLast(initializer);
                  }
                });
    ChannelFuture f = b.connect(server).await();
    if (f.isSuccess()) {
      metrics.opened();
      f.channel().closeFuture().addListener(closed -> metrics.closed());
    }
    return f;
  }

  /** A failed connect as one sentence: refused (RST) or timed out (no answer to SYN). */
  public static LabException connectError(
      InetSocketAddress server, Duration timeout, Throwable cause) {
    String where = Sockets.hostPort(server);
    String msg = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    if (cause instanceof ConnectException && msg.contains("refused")) {
      return new LabException(
          LabException.RUNTIME,
          "connection refused by "
              + where
              + ": nothing listens on that port, so its kernel answered the SYN with RST: start"
              + " the server first, or check --host/--port",
          cause);
    }
    if (cause instanceof ConnectTimeoutException || msg.contains("timed out")) {
      return new LabException(
          LabException.RUNTIME,
          "no answer from "
              + where
              + " within "
              + timeout.toMillis()
              + " ms: SYNs went unanswered (a firewall dropping them, or no such host): check"
              + " the address, or raise --timeout",
          cause);
    }
    return new LabException(
        LabException.RUNTIME, "cannot connect to " + where + ": " + cause.getMessage(), cause);
  }
}
