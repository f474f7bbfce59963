package dev.netlab.udp.cli;

import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.PeerOptions;
import dev.netlab.common.cli.RecentReports;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.UdpServer;
import dev.netlab.udp.UdpMetrics;
import dev.netlab.udp.probe.ProbeServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab udp server}: counts what arrives from each sender. */
@Command(
    name = "server",
    description =
        "Datagram receiver on 10009/udp: for each sender counts received, lost (which sequence"
            + " numbers), reordered, late, duplicated, jitter (RFC 3550) and throughput, and"
            + " sends the figures back when the sender is done.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example (two terminals):",
      "  lab udp server                  # terminal 1",
      "  lab udp client --count 1000     # terminal 2"
    })
@DefaultPort(ProbeServer.DEFAULT_PORT)
public final class ServerCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Mixin PeerOptions peers;

  @Option(
      names = "--playout",
      paramLabel = "DURATION",
      defaultValue = "100ms",
      converter = Converters.Time.class,
      description =
          "A reordered datagram overtaken by one sent this much later counts as late"
              + " (default: ${DEFAULT-VALUE}).")
  Duration playout;

  @Option(
      names = "--once",
      description =
          "Exit after the first sender's report (a second later: a lost report is sent again when"
              + " asked, as TCP's TIME-WAIT does for its last ACK).")
  boolean once;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    UdpMetrics metrics = new UdpMetrics(run.metrics().registry());
    CountDownLatch stopped = new CountDownLatch(1);
    RecentReports reports = new RecentReports();
    ProbeServer probe =
        new ProbeServer(
            server.address(ProbeServer.DEFAULT_PORT),
            run,
            metrics,
            playout,
            peers.limits(),
            (from, report) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("from", Sockets.hostPort(from));
              m.putAll(report.toJson());
              reports.add(m);
              if (once) {
                ServerLifetime.stopAfterLinger(stopped);
              }
            });
    probe.start();
    server.serveMetrics(run);
    run.console()
        .say(
            "UDP datagram server listening on %s; Ctrl-C stops it",
            Sockets.hostPort(probe.localAddress()));
    run.put("listen", Sockets.hostPort(probe.localAddress()));
    String small = UdpServer.smallBufferNote(probe.receiveBuffer());
    if (small != null) {
      run.console().note("%s", small);
    }
    ServerLifetime.serve(probe, run, server.time, stopped, () -> reports.putInto(run, "senders"));
    return 0;
  }
}
