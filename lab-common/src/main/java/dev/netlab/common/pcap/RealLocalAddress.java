package dev.netlab.common.pcap;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives each datagram the local address it really leaves from or arrives at, so that the {@code
 * --pcap} file shows it instead of {@code 0.0.0.0}: Netty's pcap writer takes a datagram's local
 * end from the socket, which for a socket bound to the wildcard is the wildcard. The address is the
 * socket's bound one, or for a wildcard socket the one the kernel's route to the peer uses (found
 * as {@code connect()} on a throw-away UDP socket finds it: no packet is sent). The socket itself
 * ignores a written datagram's sender, so this changes only what the pcap file records.
 *
 * <p>One instance sits on each side of the pcap handler: nearer the socket for what is read, nearer
 * the application for what is written.
 */
final class RealLocalAddress extends ChannelDuplexHandler {
  /** Peers whose route is remembered; a lab run talks to one or two. */
  private static final int MAX_REMEMBERED = 64;

  private final Map<InetAddress, InetAddress> routes =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, InetAddress> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket p && p.sender() != null && isWildcard(p.recipient())) {
      InetSocketAddress local = local(p.recipient(), p.sender());
      msg = new DatagramPacket(p.content(), local, p.sender());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof DatagramPacket p
        && p.recipient() != null
        && (p.sender() == null || isWildcard(p.sender()))) {
      InetSocketAddress bound = (InetSocketAddress) ctx.channel().localAddress();
      if (bound != null) {
        msg = new DatagramPacket(p.content(), p.recipient(), local(bound, p.recipient()));
      }
    }
    ctx.write(msg, promise);
  }

  private static boolean isWildcard(InetSocketAddress a) {
    return a != null && a.getAddress() != null && a.getAddress().isAnyLocalAddress();
  }

  private InetSocketAddress local(InetSocketAddress bound, InetSocketAddress peer) {
    if (!isWildcard(bound) || peer.getAddress() == null) {
      return bound;
    }
    InetAddress route = routes.computeIfAbsent(peer.getAddress(), a -> routeTo(peer));
    return route == null ? bound : new InetSocketAddress(route, bound.getPort());
  }

  /** The source address the kernel picks for {@code peer}, or null if it picks none. */
  static InetAddress routeTo(InetSocketAddress peer) {
    try (DatagramSocket probe = new DatagramSocket()) {
      probe.connect(peer);
      InetAddress local = probe.getLocalAddress();
      return local == null || local.isAnyLocalAddress() ? null : local;
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }
}
