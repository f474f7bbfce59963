package dev.netlab.dns.server;

import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.UdpServer;
import dev.netlab.common.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
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
  /**
   * Datagrams per recvmmsg call: twice UdpServer's, as queries come in bursts from many clients at
   * once. 32 slots of {@link UdpServer#RECEIVE_BUFFER} make 2 MiB, the most the pooled allocator
   * hands out from its cache; 64 slots were four times slower under dnsperf (every read a fresh
   * allocation).
   */
  static final int READ_BATCH = 32;

  /**
   * Datagrams read before the answers are flushed (one sendmmsg): larger batches cost fewer system
   * calls; under dnsperf 128 answered about 10% more queries per second than 64.
   */
  static final int MESSAGES_PER_READ = 4 * READ_BATCH;

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
          // recvmmsg batches, each datagram in its own slot of one pooled buffer (as UdpServer)
          b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UdpServer.RECEIVE_BUFFER)
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(READ_BATCH * UdpServer.RECEIVE_BUFFER)
                      .maxMessagesPerRead(MESSAGES_PER_READ))
              .option(EpollChannelOption.SO_REUSEPORT, sockets > 1)
              // Netty 4.2's adaptive allocator spent a tenth of the time in its recycler's
              // thread checks under dnsperf; the pooled one answered about 20% more queries
              .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
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
