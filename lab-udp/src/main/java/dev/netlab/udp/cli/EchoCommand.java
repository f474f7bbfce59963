package dev.netlab.udp.cli;

import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.common.net.Sockets;
import dev.netlab.udp.UdpMetrics;
import dev.netlab.udp.ping.UdpEchoServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lab udp echo}: the UDP echo server 'lab udp ping' talks to. */
@Command(
    name = "echo",
    description = "UDP echo server on 10007/udp: every datagram goes back to its sender.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example (two terminals):",
      "  lab udp echo                 # terminal 1",
      "  lab udp ping --count 20      # terminal 2"
    })
@DefaultPort(UdpEchoServer.DEFAULT_PORT)
public final class EchoCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    UdpEchoServer echo =
        new UdpEchoServer(
            server.address(UdpEchoServer.DEFAULT_PORT),
            run,
            new UdpMetrics(run.metrics().registry()));
    echo.start();
    server.serveMetrics(run);
    run.console()
        .say(
            "UDP echo server listening on %s; Ctrl-C stops it",
            Sockets.hostPort(echo.localAddress()));
    run.put("listen", Sockets.hostPort(echo.localAddress()));
    ServerLifetime.serve(echo, run, server.time, new CountDownLatch(1));
    return 0;
  }
}
