package dev.netlab.dns.server;

import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.UdpServer;
import dev.netlab.common.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * DNS's UDP side: with epoll, several sockets on the same port (SO_REUSEPORT), one per event-loop
 * thread, and the kernel spreads the clients over them by their address and port; with NIO, one
 * socket. Queries are independent of each other, so nothing is lost by answering them on several
 * threads, and one thread no longer caps the rate.
 */
final class DnsUdpServer {
  private final InetSocketAddress bindAddress;
  private final Transport transport;
  private final int sockets;
  private final Supplier<ChannelHandler> initializer;
  private final List<Channel> channels = new ArrayList<>();
  private EventLoopGroup group;

  /**
   * @param sockets how many sockets (and threads) with epoll; NIO always has one
   * @param initializer one channel initializer per socket
   */
  DnsUdpServer(
      InetSocketAddress bindAddress,
      Transport transport,
      int sockets,
      Supplier<ChannelHandler> initializer) {
    if (sockets < 1) {
      throw new IllegalArgumentException("sockets: expected 1 or more; got " + sockets);
    }
    this.bindAddress = bindAddress;
    this.transport = transport;
    this.sockets = transport == Transport.EPOLL ? sockets : 1;
    this.initializer = initializer;
  }

  DnsUdpServer start() throws InterruptedException {
    group = transport.newGroup(sockets);
    try {
      InetSocketAddress address = bindAddress;
      for (int i = 0; i < sockets; i++) {
        Bootstrap b =
            transport.datagramBootstrap(group, bindAddress.getAddress(), initializer.get());
        if (transport == Transport.EPOLL) {
          // as UdpServer: recvmmsg batches, each datagram in its own slot of one pooled buffer
          b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UdpServer.RECEIVE_BUFFER)
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(UdpServer.READ_BATCH * UdpServer.RECEIVE_BUFFER)
                      .maxMessagesPerRead(4 * UdpServer.READ_BATCH))
              .option(EpollChannelOption.SO_REUSEPORT, sockets > 1);
        } else {
          b.option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(UdpServer.RECEIVE_BUFFER));
        }
        Channel ch = Sockets.bind(b, address, "DNS server (UDP)");
        channels.add(ch);
        // port 0: the first socket picked the port, the others join it
        address = (InetSocketAddress) ch.localAddress();
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return this;
  }

  InetSocketAddress localAddress() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  void close() {
    for (Channel ch : channels) {
      ch.close().syncUninterruptibly();
    }
    channels.clear();
    Sockets.close(null, group);
  }
}
