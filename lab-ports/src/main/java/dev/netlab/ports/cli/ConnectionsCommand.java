package dev.netlab.ports.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.ProcNet;
import dev.netlab.ports.connections.Connection;
import dev.netlab.ports.connections.ConnectionTable;
import dev.netlab.ports.connections.ConnectionsDemo;
import dev.netlab.ports.connections.ConnectionsLesson;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab ports connections}: the 4-tuple. */
@Command(
    name = "connections",
    description =
        "The 4-tuple: starts a server and N clients on loopback, plus one client talking to"
            + " several servers at once, and prints every connection's (local ip:port, remote"
            + " ip:port) and TCP state as the kernel reports it (/proc/net/tcp), the ephemeral ports"
            + " picked and the system's range. --port N lists any port's connections, like"
            + " 'ss -tan sport = :N'.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab ports connections                  # 5 clients, one server port",
      "  lab ports connections --clients 20 --json",
      "  lab ports connections --watch   # then by hand: nc 127.0.0.1 PORT",
      "  lab ports connections --port 10007 --watch --time 60s"
    })
public final class ConnectionsCommand extends LabCommand {
  /** The most clients the demo opens: each holds two file descriptors (both ends). */
  static final int MAX_CLIENTS = 1000;

  /** How long closed connections may take to reach TIME_WAIT before the table is read anyway. */
  static final Duration TIME_WAIT_WAIT = Duration.ofSeconds(2);

  /** The fastest refresh --watch allows. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  @Option(
      names = {"-n", "--clients"},
      paramLabel = "N",
      defaultValue = "5",
      converter = Converters.IntCount.class,
      description = "Clients on the one server port (default: ${DEFAULT-VALUE}, at most 1000).")
  int clients;

  @Option(
      names = "--servers",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Servers the one extra client talks to at once (default: ${DEFAULT-VALUE}; 0: none).")
  int servers;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description =
          "List the connections of this port on the machine instead (like ss -tan sport = :PORT).")
  Integer port;

  @Option(
      names = "--watch",
      description = "Keep the table live, printing it again when it changes; Ctrl-C ends.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Converters.PositiveTime.class,
      description =
          "--watch: how often to read the table (default: ${DEFAULT-VALUE}, at least 100ms).")
  Duration interval;

  @Option(
      names = "--time",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "--watch: stop after this long (default: until Ctrl-C).")
  Duration time;

  @Override
  protected int run(LabRun run) throws IOException, InterruptedException {
    if (clients > MAX_CLIENTS) {
      throw LabException.usage("--clients " + clients + " is too many: use 1-" + MAX_CLIENTS);
    }
    if (servers < 0 || servers > 16) {
      throw LabException.usage("--servers must be 0-16; got " + servers);
    }
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw LabException.usage(
          "--interval must be at least 100ms; got " + interval.toMillis() + "ms");
    }
    if ((time != null) && !watch) {
      throw LabException.usage("--time bounds --watch: add --watch, or leave --time out");
    }
    ProcNet.ephemeralRange().ifPresent(r -> run.put("ephemeral_range", r.toString()));
    if (port != null) {
      return onePort(run, port);
    }
    try (ConnectionsDemo demo = new ConnectionsDemo(clients, servers)) {
      return demo(run, demo);
    }
  }

  private int onePort(LabRun run, int p) throws IOException, InterruptedException {
    if (p == 0) {
      throw LabException.usage("port 0 has no connections: give the port to list, 1-65535");
    }
    if (!ProcNet.available()) {
      throw LabException.runtime(
          "listing port "
              + p
              + "'s connections needs the kernel's table (/proc/net/tcp, Linux): here use"
              + " 'netstat -an' or 'lsof -i :"
              + p
              + "'");
    }
    run.put("port", p);
    run.put("source", ConnectionTable.KERNEL);
    if (watch) {
      watch(run, Set.of(p));
    } else {
      List<Connection> rows = ConnectionTable.read(Set.of(p));
      run.console().say("[PORT-1] TCP sockets on port %d (from %s):", p, ConnectionTable.KERNEL);
      ConnectionTable.lines(rows).forEach(run.console()::say);
      run.put("connections", ConnectionsLesson.json(rows));
    }
    return 0;
  }

  private int demo(LabRun run, ConnectionsDemo demo) throws IOException, InterruptedException {
    Set<Integer> ports = new HashSet<>(demo.otherServerPorts());
    ports.add(demo.serverPort());
    boolean kernel = ProcNet.available();
    run.put("source", kernel ? ConnectionTable.KERNEL : "sockets");
    run.console()
        .say(
            "[PORT-1] a server on 127.0.0.1:%d with %d client(s); one more client talks to"
                + " %d server(s) at once (%s)",
            demo.serverPort(), clients, servers, demo.otherServerPorts());
    if (!kernel) {
      run.console()
          .note(
              "no /proc/net/tcp here (not Linux): the table shows what the sockets themselves"
                  + " report, every one ESTABLISHED; 'netstat -an' shows the kernel's view");
    }
    List<Connection> rows = kernel ? ConnectionTable.read(ports) : demo.fromSockets();
    run.console()
        .say(
            "every TCP socket on these ports, as %s reports it:",
            kernel ? ConnectionTable.KERNEL : "the sockets");
    ConnectionTable.lines(rows).forEach(run.console()::say);
    ConnectionsLesson lesson = new ConnectionsLesson(demo, rows, ProcNet.ephemeralRange());
    lesson.lines().forEach(run.console()::say);
    lesson.json().forEach(run::put);
    if (watch) {
      run.console()
          .say(
              "watching: connect by hand, e.g. 'nc 127.0.0.1 %d', and see the table change",
              demo.serverPort());
      watch(run, ports);
      return 0;
    }
    if (kernel) {
      demo.closeClientsFirst();
      List<Connection> after = awaitTimeWait(ports);
      run.console().say("after the clients closed first:");
      ConnectionTable.lines(after).forEach(run.console()::say);
      ConnectionsLesson.timeWaitLines(after).forEach(run.console()::say);
      run.put("after_close", ConnectionsLesson.json(after));
    }
    return 0;
  }

  /** The table once the closing handshakes are done: no socket left in FIN_WAIT or CLOSE_WAIT. */
  private static List<Connection> awaitTimeWait(Set<Integer> ports)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIME_WAIT_WAIT.toNanos();
    List<Connection> rows = ConnectionTable.read(ports);
    while (System.nanoTime() < deadline
        && rows.stream()
            .anyMatch(c -> !c.state().equals("TIME_WAIT") && !c.state().equals("LISTEN"))) {
      Thread.sleep(10); // the kernel announces no state change: read its table again shortly
      rows = ConnectionTable.read(ports);
    }
    return rows;
  }

  private void watch(LabRun run, Set<Integer> ports) throws IOException, InterruptedException {
    long end = time == null ? Long.MAX_VALUE : System.nanoTime() + time.toNanos();
    List<Connection> last = null;
    int refreshes = 0;
    int changes = 0;
    while (true) {
      List<Connection> rows = ConnectionTable.read(ports);
      refreshes++;
      if (!rows.equals(last)) {
        changes++;
        run.console()
            .say(
                "%s: %d socket(s) on port(s) %s",
                LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                rows.size(),
                ports.stream().sorted().toList());
        ConnectionTable.lines(rows).forEach(run.console()::say);
        last = rows;
        run.put("connections", ConnectionsLesson.json(rows));
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Thread.sleep(Math.min(interval.toMillis(), Math.max(1, left / 1_000_000)));
    }
    run.put("refreshes", refreshes);
    run.put("changes", changes);
  }
}
