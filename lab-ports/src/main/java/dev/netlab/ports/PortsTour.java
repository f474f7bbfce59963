package dev.netlab.ports;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.net.ProcNet;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.common.tour.TourContext;
import dev.netlab.common.tour.TourPart;
import dev.netlab.ports.connections.Connection;
import dev.netlab.ports.connections.ConnectionTable;
import dev.netlab.ports.connections.ConnectionsDemo;
import dev.netlab.ports.host.HostConfig;
import dev.netlab.ports.host.HostServer;
import dev.netlab.ports.host.Service;
import dev.netlab.ports.host.ServiceSocket;
import dev.netlab.ports.scan.PortResult;
import dev.netlab.ports.scan.PortScanner;
import dev.netlab.ports.scan.PortState;
import dev.netlab.ports.scan.ScanProgress;
import dev.netlab.ports.scan.ScanSettings;
import dev.netlab.ports.table.PortRanges;
import dev.netlab.ports.table.WellKnownPorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The ports lab's part of {@code lab tour}: several services on one IP told apart by port (IP-6,
 * PORT-1), many clients on one server port told apart by their 4-tuples (PORT-1), the well-known
 * ports and a privileged bind (PORT-2, PORT-3), and a scan that finds exactly the host's ports.
 * Every port is one the kernel picked: the tour never collides with a lab left running.
 */
public final class PortsTour implements TourPart {
  static final int CLIENTS = 5;

  @Override
  public String title() {
    return "ports";
  }

  @Override
  public List<TourCheck> run(TourContext context) throws InterruptedException {
    Console c = context.run().console();
    c.say("");
    c.say("== ports: many programs on one IP address, told apart by port ==");
    List<TourCheck> checks = new ArrayList<>();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (HostServer host =
        new HostServer(HostConfig.anyPort(loopback, EnumSet.allOf(Service.class)), context.run())
            .start()) {
      checks.add(services(c, host));
      checks.add(scan(c, host, loopback));
    } catch (LabException | IOException e) {
      checks.add(TourCheck.failed("IP-6", "lab ports host did not start: " + e.getMessage()));
    }
    checks.add(fourTuples(c));
    checks.add(wellKnown(c));
    checks.add(privileged(c, loopback));
    return checks;
  }

  /** IP-6, PORT-1: one address, many services; each answers on its own port as its RFC says. */
  private static TourCheck services(Console c, HostServer host) throws IOException {
    List<ServiceSocket> sockets = host.sockets();
    c.say(ServiceSocket.tableHeader());
    sockets.forEach(s -> c.say(s.tableRow()));
    String echo = exchange(host.address(Service.ECHO, false), "hello\n");
    String daytime = exchange(host.address(Service.DAYTIME, false), "");
    Set<String> addresses =
        sockets.stream()
            .map(s -> s.address().getAddress().getHostAddress())
            .collect(Collectors.toCollection(TreeSet::new));
    boolean ok = echo.equals("hello\n") && !daytime.isBlank() && addresses.size() == 1;
    c.claim(
        "IP-6",
        "%d sockets, all on %s: the address alone cannot say which program a packet is for;"
            + " the port does (echo answered \"%s\", daytime \"%s\")",
        sockets.size(),
        addresses,
        echo.strip(),
        daytime.strip());
    String evidence =
        sockets.size()
            + " sockets on one address, told apart by port; echo over TCP ("
            + host.address(Service.ECHO, false).getPort()
            + ") and over UDP ("
            + host.address(Service.ECHO, true).getPort()
            + ") are two sockets";
    return ok ? TourCheck.shown("IP-6", evidence) : TourCheck.failed("IP-6", evidence);
  }

  /** Connects, sends {@code text}, and reads until the server closes (at most a line or two). */
  private static String exchange(InetSocketAddress to, String text) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(to, 2000);
      s.setSoTimeout(2000);
      if (!text.isEmpty()) {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
      }
      InputStream in = s.getInputStream();
      return new String(in.readNBytes(200), StandardCharsets.US_ASCII);
    }
  }

  /** A scan finds exactly the host's TCP ports open. */
  private static TourCheck scan(Console c, HostServer host, InetAddress loopback)
      throws IOException {
    Set<Integer> tcp =
        host.sockets().stream()
            .filter(s -> !s.udp())
            .map(ServiceSocket::port)
            .collect(Collectors.toCollection(TreeSet::new));
    int low = tcp.stream().mapToInt(Integer::intValue).min().orElseThrow();
    int high = tcp.stream().mapToInt(Integer::intValue).max().orElseThrow();
    int from = Math.max(1, low - 20);
    int to = Math.min(65_535, high + 20);
    int[] ports = java.util.stream.IntStream.rangeClosed(from, to).toArray();
    List<PortResult> results =
        new PortScanner(loopback, new ScanSettings(64, 0, Duration.ofMillis(500), 0))
            .scanTcp(ports, ScanProgress.NONE);
    Set<Integer> open =
        results.stream()
            .filter(r -> r.state() == PortState.OPEN)
            .map(PortResult::port)
            .collect(Collectors.toCollection(TreeSet::new));
    boolean found = open.containsAll(tcp);
    c.claim(
        "PORT-1",
        "a TCP connect scan of ports %d-%d found %d open: %s (the host's %d TCP services%s)",
        from,
        to,
        open.size(),
        open,
        tcp.size(),
        open.equals(tcp) ? ", exactly" : ", and others this machine runs");
    String evidence = "scan of " + ports.length + " ports found the host's " + tcp.size() + " open";
    return found ? TourCheck.shown("PORT-1", evidence) : TourCheck.failed("PORT-1", evidence);
  }

  /** PORT-1: N clients on one server port, each told apart by its own port (the 4-tuple). */
  private static TourCheck fourTuples(Console c) throws InterruptedException {
    try (ConnectionsDemo demo = new ConnectionsDemo(CLIENTS, 0)) {
      int server = demo.serverPort();
      List<Connection> rows =
          ProcNet.available()
              ? ConnectionTable.read(Set.of(server)).stream()
                  .filter(r -> r.side().equals("server") && !r.state().equals("LISTEN"))
                  .toList()
              : demo.fromSockets();
      ConnectionTable.lines(rows).forEach(c::say);
      Set<Integer> clientPorts =
          rows.stream()
              .map(r -> r.remote().getPort())
              .collect(Collectors.toCollection(TreeSet::new));
      c.claim(
          "PORT-1",
          "%d connections to the one server port %d, told apart by the client's port: %s (from"
              + " %s)",
          rows.size(),
          server,
          clientPorts,
          ProcNet.available() ? ConnectionTable.KERNEL : "the sockets themselves");
      String evidence =
          CLIENTS + " clients on server port " + server + ": client ports " + clientPorts;
      return clientPorts.size() == CLIENTS
          ? TourCheck.shown("PORT-1", evidence)
          : TourCheck.failed("PORT-1", evidence);
    } catch (IOException e) {
      return TourCheck.failed("PORT-1", "the connections demo failed: " + e.getMessage());
    }
  }

  /** PORT-3: the well-known numbers and the three ranges. */
  private static TourCheck wellKnown(Console c) {
    Set<Integer> wanted = Set.of(20, 21, 22, 23, 25, 53, 80, 443);
    String known =
        WellKnownPorts.builtIn().stream()
            .filter(e -> wanted.contains(e.port()) && e.protocol().equals("tcp"))
            .map(e -> e.port() + " " + e.name())
            .distinct()
            .collect(Collectors.joining(", "));
    c.claim("PORT-3", "well-known ports: %s", known);
    PortRanges.ALL.forEach(r -> c.say("  %-10s %s: %s", r.name(), r.range(), r.meaning()));
    c.say(
        "  the labs use %d + the well-known number (echo 10007, HTTP 10080): the number still"
            + " teaches, and no privilege is needed",
        WellKnownPorts.LAB_OFFSET);
    return TourCheck.shown("PORT-3", "well-known ports and the three ranges listed");
  }

  /** PORT-2: binding a port below 1024 needs privilege; what this process was allowed, and why. */
  private static TourCheck privileged(Console c, InetAddress loopback) {
    long start =
        ProcNet.sysctl("net.ipv4.ip_unprivileged_port_start").map(Long::parseLong).orElse(1024L);
    boolean root = "root".equals(System.getProperty("user.name"));
    String outcome;
    int port = firstFreeWellKnown(loopback);
    try (ServerSocket s = new ServerSocket(port, 1, loopback)) {
      outcome =
          "binding port "
              + port
              + " succeeded: "
              + (root
                  ? "this process runs as root, which may bind any port"
                  : "this system lets everyone bind from port " + start);
    } catch (IOException e) {
      outcome = Sockets.bindError(new InetSocketAddress(loopback, port), "demo", e).getMessage();
    }
    c.claim(
        "PORT-2",
        "%s (ports below %d need privilege here: net.ipv4.ip_unprivileged_port_start)",
        outcome,
        start);
    return TourCheck.shown("PORT-2", outcome);
  }

  /** A well-known port nothing listens on here, for the privileged bind (7, 9, 13, ...). */
  private static int firstFreeWellKnown(InetAddress loopback) {
    for (int port : new int[] {7, 9, 13, 17, 19, 37, 80}) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(loopback, port), 200);
      } catch (IOException refused) {
        return port; // nothing listens: free to try
      }
    }
    return 80;
  }
}
