package dev.netlab.ports.connections;

import dev.netlab.common.net.ProcNet.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the figures of a {@link ConnectionsDemo} show, stated from the kernel's rows: one server
 * port, N connections told apart by the client's port; one client port, several servers told apart
 * by the server's port; the ephemeral ports inside the system's range.
 */
public final class ConnectionsLesson {
  private final ConnectionsDemo demo;
  private final List<Connection> rows;
  private final Optional<PortRange> ephemeral;

  public ConnectionsLesson(
      ConnectionsDemo demo, List<Connection> rows, Optional<PortRange> ephemeral) {
    this.demo = demo;
    this.rows = List.copyOf(rows);
    this.ephemeral = ephemeral;
  }

  /** The client ports the kernel shows on the server's side of the one server port. */
  public List<Integer> clientPortsSeenByServer() {
    return rows.stream()
        .filter(
            c ->
                c.side().equals("server")
                    && c.local().getPort() == demo.serverPort()
                    && c.state().equals("ESTABLISHED"))
        .map(c -> c.remote().getPort())
        .distinct()
        .sorted()
        .toList();
  }

  public List<String> lines() {
    List<String> out = new ArrayList<>();
    List<Integer> seen = clientPortsSeenByServer();
    out.add(
        String.format(
            "[PORT-1] one server port (%d), %d connection(s), each told apart by the client's"
                + " port: %s; source IP, destination IP and destination port are the same in all",
            demo.serverPort(), seen.size(), abbreviate(seen)));
    if (demo.sharedClientPort()) {
      out.add(
          String.format(
              "[PORT-1] one client port (%d), %d server(s) %s: %d connections, told apart by the"
                  + " server's port; only the whole 4-tuple must be unique",
              demo.multiClientPorts().get(0),
              demo.otherServerPorts().size(),
              demo.otherServerPorts(),
              demo.otherServerPorts().size()));
    } else if (!demo.otherServerPorts().isEmpty()) {
      out.add(
          String.format(
              "[PORT-1] one client, %d server(s) %s, from client ports %s",
              demo.otherServerPorts().size(), demo.otherServerPorts(), demo.multiClientPorts()));
    }
    List<Integer> picked = new ArrayList<>(demo.clientPorts());
    out.add(ephemeralLine(picked));
    return out;
  }

  String ephemeralLine(List<Integer> picked) {
    if (ephemeral.isEmpty()) {
      return "the kernel picked the clients' ports "
          + abbreviate(picked)
          + " (its ephemeral range cannot be read here)";
    }
    PortRange r = ephemeral.get();
    long inside = picked.stream().filter(r::contains).count();
    return String.format(
        "the kernel picked the clients' ports (%s): %d of %d inside this system's ephemeral range"
            + " %s (/proc/sys/net/ipv4/ip_local_port_range, %,d ports)",
        abbreviate(picked), inside, picked.size(), r, r.size());
  }

  /** What the table shows once the clients closed first. */
  public static List<String> timeWaitLines(List<Connection> after) {
    long waiting = after.stream().filter(c -> c.state().equals("TIME_WAIT")).count();
    long clientSide =
        after.stream()
            .filter(c -> c.state().equals("TIME_WAIT") && c.side().equals("client"))
            .count();
    return List.of(
        String.format(
            "[PORT-1] %d 4-tuple(s) in TIME_WAIT, %d on the clients' side: the end that closes"
                + " first keeps its 4-tuple for 60 s, and the kernel reuses none of them until then"
                + " (thousands of short connections can use up the ephemeral range this way)",
            waiting, clientSide));
  }

  /** The JSON fields. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("server_port", demo.serverPort());
    out.put("clients", demo.clientPorts().size());
    out.put("client_ports", demo.clientPorts());
    out.put("distinct_client_ports_seen_by_server", clientPortsSeenByServer().size());
    out.put("multi_servers", demo.otherServerPorts());
    out.put("multi_client_ports", demo.multiClientPorts());
    out.put("connections", json(rows));
    return out;
  }

  public static List<Map<String, Object>> json(List<Connection> rows) {
    return ConnectionTable.json(rows);
  }

  /** {@code [41234, 41236, ...]}: at most ten numbers. */
  static String abbreviate(List<Integer> ports) {
    if (ports.size() <= 10) {
      return ports.toString();
    }
    return ports.subList(0, 10).toString().replace("]", ", ... " + (ports.size() - 10) + " more]");
  }
}
