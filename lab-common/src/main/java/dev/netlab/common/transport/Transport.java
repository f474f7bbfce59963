package dev.netlab.common.transport;

import dev.netlab.common.base.FatalErrors;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Which Netty transport carries a lab's sockets: native epoll on Linux (it exposes TCP_INFO), Java
 * NIO everywhere else. Both talk to the same kernel sockets; only the way Java waits for them
 * differs.
 */
public enum Transport {
  NIO,
  EPOLL;

  /** The best transport on this machine: epoll where its native library loads, otherwise NIO. */
  public static Transport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /**
   * Parses a user's choice: {@code auto}, {@code nio} or {@code epoll}.
   *
   * @throws IllegalArgumentException naming the accepted values, or why epoll is unavailable
   */
  public static Transport parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "auto":
        return best();
      case "nio":
        return NIO;
      case "epoll":
        if (!Epoll.isAvailable()) {
          throw new IllegalArgumentException(
              "epoll is not available here ("
                  + Epoll.unavailabilityCause().getMessage()
                  + "): use --transport nio");
        }
        return EPOLL;
      default:
        throw new IllegalArgumentException(
            "unknown transport '" + name + "': use auto, nio or epoll");
    }
  }

  public IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /**
   * A new event loop group of this transport; {@code threads} 0 means Netty's default. Its threads
   * end the process when an error escapes them ({@link FatalErrors}).
   */
  public EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, FatalErrors.threadFactory("netlab-" + this), ioHandlerFactory());
  }

  public Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends Channel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /**
   * Makes UDP channels of {@code address}'s family. An IPv4 address gets an IPv4 socket rather than
   * the dual-stack IPv6 socket Netty opens by default, so each datagram takes the kernel's IPv4
   * path alone instead of passing through udpv6_sendmsg first. A null address (unresolved) gets
   * Netty's default.
   */
  public ChannelFactory<DatagramChannel> datagramChannel(InetAddress address) {
    if (address == null) {
      return this == EPOLL ? EpollDatagramChannel::new : NioDatagramChannel::new;
    }
    SocketProtocolFamily family =
        address instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    return this == EPOLL
        ? () -> new EpollDatagramChannel(family)
        : () -> new NioDatagramChannel(family);
  }

  /** Kernel receive buffer every UDP socket asks for; Linux caps it at net.core.rmem_max. */
  public static final int DATAGRAM_RCVBUF = 4 << 20;

  /**
   * The one way the labs make a UDP socket: on {@code group}, of {@code address}'s family (see
   * {@link #datagramChannel}), asking for a {@link #DATAGRAM_RCVBUF} receive buffer, with {@code
   * handler} in its pipeline. Callers add their own options, then bind or connect.
   */
  public Bootstrap datagramBootstrap(
      EventLoopGroup group, InetAddress address, ChannelHandler handler) {
    return new Bootstrap()
        .group(group)
        .channelFactory(datagramChannel(address))
        .option(ChannelOption.SO_RCVBUF, DATAGRAM_RCVBUF)
        .handler(handler);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
