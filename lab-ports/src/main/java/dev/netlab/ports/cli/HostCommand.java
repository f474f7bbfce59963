package dev.netlab.ports.cli;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.common.net.Sockets;
import dev.netlab.ports.host.ConnectionLimit;
import dev.netlab.ports.host.HostConfig;
import dev.netlab.ports.host.HostServer;
import dev.netlab.ports.host.Service;
import dev.netlab.ports.host.ServiceSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab ports host}: one process, many services, each on its own port. */
@Command(
    name = "host",
    description =
        "One process serving echo, discard, daytime, quote of the day, chargen and time over TCP"
            + " and UDP, and a page over HTTP: many programs on one IP address, told apart by"
            + " port (10000 + each well-known number).",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab ports host                  # terminal 1: prints its sockets",
      "  nc 127.0.0.1 10013              # terminal 2: the daytime, then close",
      "  nc -u 127.0.0.1 10013           # press Enter: one datagram in, one out",
      "  curl http://127.0.0.1:10080/    # the page, with your 4-tuple",
      "  lab ports host --offset 20000 --services echo,daytime",
      "  sudo lab ports host --privileged   # 7, 9, 13, 17, 19, 37, 80"
    })
public final class HostCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Option(
      names = "--offset",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Each service listens on N + its well-known number (default: ${DEFAULT-VALUE}: echo on"
              + " 10007).")
  int offset;

  @Option(
      names = "--privileged",
      description =
          "Bind the real well-known numbers (7, 9, 13, 17, 19, 37, 80): needs root or"
              + " cap_net_bind_service.")
  boolean privileged;

  @Option(
      names = "--services",
      paramLabel = "LIST",
      defaultValue = "all",
      description =
          "Serve only these, comma-separated: echo, discard, daytime, qotd, chargen, time, http"
              + " (default: ${DEFAULT-VALUE}).")
  String services;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      converter = Converters.IntCount.class,
      defaultValue = "" + ConnectionLimit.DEFAULT_MAX,
      description =
          "TCP connections open at once, every service together (default: ${DEFAULT-VALUE});"
              + " one more is closed at once and counted as refused.")
  int maxConnections;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      defaultValue = "5m",
      description =
          "Close a TCP connection with nothing read or written for this long (default:"
              + " ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    HostConfig config = config();
    HostServer host = new HostServer(config, run);
    host.start();
    server.serveMetrics(run);
    List<ServiceSocket> sockets = host.sockets();
    printTable(run.console(), sockets, config);
    run.put("bind", config.bind().getHostAddress());
    run.put("sockets", json(sockets));
    run.put("max_connections", config.limit().max());
    run.put("idle_timeout_s", config.limit().idle().toSeconds());
    ServerLifetime.serve(
        host, run, server.time, new CountDownLatch(1), () -> run.put("services", host.figures()));
    return 0;
  }

  private HostConfig config() {
    Set<Service> chosen = Service.parse(services);
    Integer base = offset;
    if (server.port != null && server.port != 0) {
      throw LabException.usage(
          "lab ports host serves many ports: move them all with --offset N, or let the kernel"
              + " pick each with --port 0");
    }
    boolean offsetGiven = spec.commandLine().getParseResult().hasMatchedOption("--offset");
    if (privileged && (offsetGiven || server.port != null)) {
      throw LabException.usage(
          "--privileged binds the well-known numbers themselves: leave out --offset and --port");
    }
    if (privileged) {
      base = 0;
    } else if (server.port != null) {
      base = null;
    }
    int highest = 0;
    for (Service s : chosen) {
      highest = Math.max(highest, s.wellKnownPort());
    }
    if (base != null && (base < 0 || base + highest > 65_535)) {
      throw LabException.usage(
          "--offset "
              + base
              + " puts a service outside 0-65535: use 0 to "
              + (65_535 - highest)
              + " (the highest well-known number served is "
              + highest
              + ")");
    }
    if (maxConnections < 1) {
      throw LabException.usage("--max-connections must be at least 1; got " + maxConnections);
    }
    return new HostConfig(
        server.bind,
        chosen,
        base,
        new ConnectionLimit(maxConnections, idleTimeout),
        Clock.systemUTC());
  }

  private static void printTable(Console console, List<ServiceSocket> sockets, HostConfig c) {
    console.claim(
        "IP-6",
        "one process, one IP address (%s), %d sockets: each told apart by protocol and port",
        c.bind().getHostAddress(),
        sockets.size());
    console.say(ServiceSocket.tableHeader());
    for (ServiceSocket s : sockets) {
      console.say(s.tableRow());
    }
    ServiceSocket tcp = sockets.get(0);
    ServiceSocket udp = null;
    for (ServiceSocket s : sockets) {
      if (s.udp() && s.service() == tcp.service()) {
        udp = s;
      }
    }
    if (udp != null) {
      console.claim(
          "PORT-1",
          "TCP %d and UDP %d are two sockets (%s over each): the kernel delivers by protocol,"
              + " then port",
          tcp.port(),
          udp.port(),
          tcp.service().label());
    }
    console.say(
        "at most %d TCP connections open at once (--max-connections); one idle for %s is closed"
            + " (--idle-timeout)",
        c.limit().max(), human(c.limit().idle()));
    String host = tcp.address().getAddress().getHostAddress();
    StringBuilder tryLine = new StringBuilder("try: nc " + host + " " + tcp.port());
    if (udp != null) {
      tryLine.append(", nc -u ").append(host).append(' ').append(udp.port());
    }
    for (ServiceSocket s : sockets) {
      if (s.service() == Service.HTTP) {
        tryLine.append(", curl http://").append(Sockets.hostPort(s.address())).append('/');
      }
    }
    console.say("%s; Ctrl-C stops it", tryLine);
  }

  private static String human(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  private static List<Map<String, Object>> json(List<ServiceSocket> sockets) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ServiceSocket s : sockets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("protocol", s.protocol().toLowerCase(java.util.Locale.ROOT));
      m.put("port", s.port());
      m.put("service", s.service().label());
      out.add(m);
    }
    return out;
  }
}
