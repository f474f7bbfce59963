package dev.netlab.common.net;

import dev.netlab.common.base.LabException;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;

/** Binding with errors a student can act on. */
public final class Sockets {
  /** Ports below this need privilege on most systems (the "well-known" ports, PORT-2). */
  public static final int FIRST_UNPRIVILEGED_PORT = 1024;

  private Sockets() {}

  /**
   * Binds and waits.
   *
   * @param what a few words naming the service, for the error message
   * @throws LabException explaining a port in use, a privileged port or an address not on this host
   */
  public static Channel bind(
      AbstractBootstrap<?, ?> bootstrap, InetSocketAddress address, String what)
      throws InterruptedException {
    ChannelFuture f = bootstrap.bind(address).await();
    if (!f.isSuccess()) {
      // a ServerBootstrap listens (TCP); a Bootstrap binds a datagram socket (UDP)
      boolean udp = !(bootstrap instanceof io.netty.bootstrap.ServerBootstrap);
      throw bindError(address, what, f.cause(), ProcNet.portOwner(address.getPort(), udp));
    }
    return f.channel();
  }

  /** Translates a failed bind into a one-line cause and fix. */
  public static LabException bindError(InetSocketAddress address, String what, Throwable cause) {
    return bindError(address, what, cause, java.util.Optional.empty());
  }

  /**
   * Translates a failed bind into a one-line cause and fix; {@code owner} names the process that
   * holds the port, when known. The one wording of every server in the suite.
   */
  public static LabException bindError(
      InetSocketAddress address, String what, Throwable cause, java.util.Optional<String> owner) {
    String where = hostPort(address);
    String msg = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    String text;
    if (msg.contains("in use")) {
      text =
          "cannot start the "
              + what
              + ": "
              + where
              + " is already in use"
              + owner.map(o -> " by " + o).orElse(" (another lab still running?)")
              + ": stop it, or choose another port with --port N (0 picks a free one)";
    } else if (msg.contains("permission denied") || msg.contains("access denied")) {
      text =
          "cannot start the "
              + what
              + " on "
              + where
              + ": ports below "
              + FIRST_UNPRIVILEGED_PORT
              + " are well-known ports only privileged programs may bind; to allow it run as"
              + " root, or 'sudo setcap cap_net_bind_service=+ep $(readlink -f $(which java))',"
              + " or 'sudo sysctl net.ipv4.ip_unprivileged_port_start="
              + address.getPort()
              + "'; or use the lab default (10000 + the well-known number) or --port 0";
    } else if (msg.contains("assign requested address")) {
      text =
          "cannot start the "
              + what
              + " on "
              + where
              + ": that address does not belong to this machine: use --bind 127.0.0.1 or an"
              + " address 'ip addr' lists";
    } else {
      text = "cannot start the " + what + " on " + where + ": " + cause.getMessage();
    }
    return new LabException(LabException.RUNTIME, text, cause);
  }

  /**
   * What a socket error on an open connection means, in words, without the native call's name
   * ({@code "writevAddresses(..) failed with error(-104): Connection reset by peer"} becomes {@code
   * "the sink closed the connection (reset)"}); {@code peer} names the other end.
   */
  public static String connectionError(String peer, Throwable cause) {
    String msg = String.valueOf(cause.getMessage());
    String lower = msg.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("connection reset")) {
      return peer + " closed the connection (reset)";
    }
    if (lower.contains("broken pipe")) {
      return peer + " closed the connection (broken pipe: it had stopped reading)";
    }
    if (lower.contains("timed out")) {
      return peer + " stopped answering (the connection timed out)";
    }
    if (cause instanceof java.nio.channels.ClosedChannelException) {
      return peer + " closed the connection";
    }
    // Netty's native transport prefixes the system call: "sendAddress(..) failed: ..."
    int at = msg.indexOf("failed");
    int colon = msg.indexOf(": ", at);
    return at >= 0 && colon > at ? msg.substring(colon + 2) : msg;
  }

  /** {@code 127.0.0.1:10007} or {@code [::1]:10007}; other address kinds as they print. */
  public static String hostPort(SocketAddress socketAddress) {
    if (!(socketAddress instanceof InetSocketAddress address)) {
      return String.valueOf(socketAddress);
    }
    String host =
        address.getAddress() == null
            ? address.getHostString()
            : address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** Closes a server's socket, then stops its event loops and waits for both. */
  public static void close(
      io.netty.channel.Channel channel, io.netty.channel.EventLoopGroup... groups) {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    for (io.netty.channel.EventLoopGroup g : groups) {
      if (g != null) {
        g.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }
}
