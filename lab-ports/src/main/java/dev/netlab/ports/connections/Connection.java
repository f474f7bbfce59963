package dev.netlab.ports.connections;

import java.net.InetSocketAddress;

/**
 * One TCP socket as the kernel reports it: its 4-tuple (local ip:port, remote ip:port), its state,
 * and which end of the connection it is.
 *
 * @param side {@code server} when the local port is the one watched, {@code client} when the remote
 *     port is
 */
public record Connection(
    InetSocketAddress local, InetSocketAddress remote, String state, String side) {
  /** {@code 127.0.0.1:41234 -> 127.0.0.1:10007}. */
  public String fourTuple() {
    return text(local) + " -> " + text(remote);
  }

  static String text(InetSocketAddress a) {
    String ip = a.getAddress().getHostAddress();
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + a.getPort();
  }
}
