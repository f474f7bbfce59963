package dev.netlab.ports.connections;

import dev.netlab.common.net.ProcNet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every TCP socket on this machine whose local or remote port is one of the watched ports, read
 * from the kernel's tables ({@code /proc/net/tcp} and {@code tcp6}): what {@code ss -tan sport = :N
 * or dport = :N} shows.
 */
public final class ConnectionTable {
  /** Where the rows came from, for the user: the kernel's table. */
  public static final String KERNEL = "/proc/net/tcp and /proc/net/tcp6";

  private ConnectionTable() {}

  /** The sockets of {@code ports}, server side first (listener, then by client port). */
  public static List<Connection> read(Set<Integer> ports) throws IOException {
    List<Connection> rows = new ArrayList<>();
    for (ProcNet.Entry e : ProcNet.readAll(true)) {
      if (ports.contains(e.local().getPort())) {
        rows.add(new Connection(e.local(), e.remote(), e.state(), "server"));
      } else if (ports.contains(e.remote().getPort()) && !e.state().equals("LISTEN")) {
        rows.add(new Connection(e.local(), e.remote(), e.state(), "client"));
      }
    }
    rows.sort(ORDER);
    return rows;
  }

  /** Server side before client side, the listener first, then by the other end's port. */
  static final Comparator<Connection> ORDER =
      Comparator.comparing(Connection::side)
          .reversed()
          .thenComparing(c -> !c.state().equals("LISTEN"))
          .thenComparingInt(c -> c.local().getPort())
          .thenComparingInt(c -> c.remote().getPort());

  /** The rows as a table for people. */
  public static List<String> lines(List<Connection> rows) {
    List<String> out = new ArrayList<>();
    out.add(String.format("  %-6s %-24s %-24s %s", "SIDE", "LOCAL", "REMOTE", "STATE"));
    for (Connection c : rows) {
      out.add(
          String.format(
              Locale.ROOT,
              "  %-6s %-24s %-24s %s",
              c.side(),
              Connection.text(c.local()),
              c.state().equals("LISTEN") ? "*:*" : Connection.text(c.remote()),
              c.state()));
    }
    if (rows.isEmpty()) {
      out.add("  (no TCP socket on these ports)");
    }
    return out;
  }

  static List<Map<String, Object>> json(List<Connection> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Connection c : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("side", c.side());
      m.put("local_ip", c.local().getAddress().getHostAddress());
      m.put("local_port", c.local().getPort());
      m.put("remote_ip", c.remote().getAddress().getHostAddress());
      m.put("remote_port", c.remote().getPort());
      m.put("state", c.state());
      out.add(m);
    }
    return out;
  }

  /** A row from what a socket says of itself, where the kernel's table cannot be read. */
  static Connection fromSocket(InetSocketAddress local, InetSocketAddress remote, String side) {
    return new Connection(local, remote, "ESTABLISHED", side);
  }
}
