package dev.netlab.common.net;

import dev.netlab.common.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A TCP lab server's life cycle: one boss thread accepts, worker threads serve, {@link #close()}
 * stops both. Subclasses give the child pipeline through their initializer.
 */
public class TcpServer implements LabServer {
  /**
   * Read buffers grow to 256 KiB when the peer sends fast: fewer, larger reads, like iperf3's 128
   * KiB reads, so a bulk receiver keeps up with the kernel.
   */
  static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS =
      new AdaptiveRecvByteBufAllocator(2048, 16 * 1024, 256 * 1024);

  private final InetSocketAddress bindAddress;
  private final Transport transport;
  private final ChannelHandler childInitializer;
  private final String what;
  private final boolean allowHalfClosure;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel channel;

  /**
   * @param what a few words naming the service, used in error messages ("TCP echo server")
   * @param allowHalfClosure keep a connection open for writing after the peer shut down its side,
   *     so a server can answer after reading everything (like {@code nc -N})
   */
  public TcpServer(
      InetSocketAddress bindAddress,
      Transport transport,
      ChannelHandler childInitializer,
      String what,
      boolean allowHalfClosure) {
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.childInitializer = Objects.requireNonNull(childInitializer, "childInitializer");
    this.what = what;
    this.allowHalfClosure = allowHalfClosure;
  }

  @Override
  public TcpServer start() throws InterruptedException {
    boss = transport.newGroup(1);
    workers = transport.newGroup(0);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, allowHalfClosure)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
            .childHandler(childInitializer);
    try {
      channel = Sockets.bind(b, bindAddress, what);
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    Sockets.close(channel, boss, workers);
  }
}
