package dev.netlab.tcp.cli;

import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.cli.ServerLifetime;
import dev.netlab.common.cli.ServerOptions;
import dev.netlab.common.net.Sockets;
import dev.netlab.tcp.TcpMetrics;
import dev.netlab.tcp.echo.EchoServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lab tcp server}: the echo server. */
@Command(
    name = "server",
    description = "Echo server on 10007/tcp: sends back every byte it receives.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example (two terminals):",
      "  lab tcp server --port 10007   # terminal 1",
      "  nc 127.0.0.1 10007            # terminal 2: type a line, get it back"
    })
@DefaultPort(EchoServer.DEFAULT_PORT)
public final class ServerCommand extends LabCommand {
  @Mixin ServerOptions server;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    TcpMetrics metrics = new TcpMetrics(run.metrics().registry());
    EchoServer echo = new EchoServer(server.address(EchoServer.DEFAULT_PORT), run, metrics);
    echo.start();
    server.serveMetrics(run);
    run.put("listen", Sockets.hostPort(echo.localAddress()));
    run.console()
        .say(
            "TCP echo server listening on %s (transport %s); Ctrl-C stops it",
            Sockets.hostPort(echo.localAddress()), run.transport());
    ServerLifetime.serve(echo, run, server.time, new CountDownLatch(1));
    return 0;
  }
}
