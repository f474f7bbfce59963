package dev.netlab.tcp.echo;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.net.TcpServer;
import dev.netlab.tcp.TcpMetrics;
import java.net.InetSocketAddress;

/** The echo service (RFC 862) over TCP: every byte a client sends comes back. */
public final class EchoServer extends TcpServer {
  /** 10000 + echo's well-known port 7. */
  public static final int DEFAULT_PORT = 10_007;

  public EchoServer(InetSocketAddress bindAddress, LabRun run, TcpMetrics metrics) {
    super(
        bindAddress,
        run.transport(),
        new EchoServerInitializer(run, metrics),
        "TCP echo server",
        true);
  }
}
