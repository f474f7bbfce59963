package dev.netlab.common.net;

import dev.netlab.common.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A UDP lab server's life cycle: one socket, one event-loop thread (datagrams from every sender
 * arrive on the same socket, so one thread sees them in arrival order), {@link #close()} stops it.
 */
public class UdpServer implements LabServer {
  /** Every read can hold the largest datagram, so nothing is ever truncated. */
  public static final int RECEIVE_BUFFER = 65_536;

  /**
   * Datagrams one epoll read takes from the kernel in a single recvmmsg call, each into its own
   * {@link #RECEIVE_BUFFER}-byte slot of one pooled buffer: one system call per batch instead of
   * one per datagram, which is what keeps a single thread up with a sender at full speed.
   */
  public static final int READ_BATCH = 16;

  /** Kernel receive buffer asked for; Linux caps it at net.core.rmem_max. */
  public static final int SO_RCVBUF = Transport.DATAGRAM_RCVBUF;

  private final InetSocketAddress bindAddress;
  private final Transport transport;
  private final ChannelHandler handler;
  private final String what;
  private EventLoopGroup group;
  private Channel channel;

  public UdpServer(
      InetSocketAddress bindAddress, Transport transport, ChannelHandler handler, String what) {
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.what = what;
  }

  @Override
  public UdpServer start() throws InterruptedException {
    group = transport.newGroup(1);
    Bootstrap b = transport.datagramBootstrap(group, bindAddress.getAddress(), handler);
    if (transport == Transport.EPOLL) {
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RECEIVE_BUFFER)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(READ_BATCH * RECEIVE_BUFFER)
                  .maxMessagesPerRead(4 * READ_BATCH));
    } else {
      b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER));
    }
    try {
      channel = Sockets.bind(b, bindAddress, what);
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  /** The socket's receive buffer as the kernel granted it, in bytes. */
  public int receiveBuffer() {
    return channel.config().getOption(ChannelOption.SO_RCVBUF);
  }

  /**
   * A sentence for people when the kernel granted less receive buffer than asked, or null: at high
   * rates a small buffer overflows while the program is busy, and the kernel drops.
   */
  public static String smallBufferNote(int granted) {
    if (granted >= SO_RCVBUF) {
      return null;
    }
    return "the kernel limited this socket's receive buffer to "
        + granted / 1024
        + " KiB (net.core.rmem_max): at high rates it overflows and the kernel drops datagrams"
        + " (counted as RcvbufErrors); to allow more: sudo sysctl -w net.core.rmem_max="
        + SO_RCVBUF;
  }

  public Channel channel() {
    return channel;
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    Sockets.close(channel, group);
  }
}
