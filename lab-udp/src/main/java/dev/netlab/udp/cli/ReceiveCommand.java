package dev.netlab.udp.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.PeerOptions;
import dev.netlab.common.cli.RecentReports;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.common.net.BufferBudget;
import dev.netlab.common.net.Sockets;
import dev.netlab.udp.rudp.RudpMetrics;
import dev.netlab.udp.rudp.RudpServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab udp receive}: the RUDP receiver. */
@Command(
    name = "receive",
    description =
        "Receiver of the lab's own protocol over UDP (10200/udp, docs/rudp.md): accepts"
            + " connections in sequenced, reliable or gbn mode, delivers in order, and answers"
            + " the sender's FIN with the SHA-256 of what it delivered.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example (two terminals):",
      "  lab udp receive --once       # terminal 1",
      "  lab udp send --bytes 16M     # terminal 2"
    })
@DefaultPort(RudpServer.DEFAULT_PORT)
public final class ReceiveCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Mixin PeerOptions peers;

  @Option(
      names = "--max-buffer",
      paramLabel = "SIZE",
      defaultValue = "64M",
      converter = Converters.Size.class,
      description =
          "What all connections together may buffer out of order (default: ${DEFAULT-VALUE}); no"
              + " connection is offered a window larger than this, and a datagram that does not"
              + " fit is dropped (counted as buffer_refused) and sent again by its sender.")
  long maxBuffer;

  @Option(
      names = "--window",
      paramLabel = "N",
      converter = Converters.IntCount.class,
      defaultValue = "4096",
      description =
          "Datagrams buffered out of order, advertised as the window"
              + " (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--once",
      description =
          "Exit after the first finished transfer (a second later: a lost FIN-ACK is sent again"
              + " when the sender repeats its FIN, as TCP's TIME-WAIT does for its last ACK).")
  boolean once;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    if (window < 1 || window > 0xffff) {
      throw LabException.usage("--window must be 1-65535 datagrams; got " + window);
    }
    if (maxBuffer < 65_536) {
      throw LabException.usage(
          "--max-buffer must be at least 64K (one datagram of the largest size); got " + maxBuffer);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    RecentReports finished = new RecentReports();
    RudpServer rudp =
        new RudpServer(
            server.address(RudpServer.DEFAULT_PORT),
            run,
            new RudpMetrics(run.metrics().registry()),
            window,
            peers.limits(),
            new BufferBudget(maxBuffer),
            r -> {
              finished.add(r.toJson());
              if (once) {
                ServerLifetime.stopAfterLinger(stopped);
              }
            });
    rudp.start();
    server.serveMetrics(run);
    run.console()
        .say(
            "RUDP receiver listening on %s; Ctrl-C stops it",
            Sockets.hostPort(rudp.localAddress()));
    run.put("listen", Sockets.hostPort(rudp.localAddress()));
    ServerLifetime.serve(rudp, run, server.time, stopped, () -> finished.putInto(run, "transfers"));
    return 0;
  }
}
