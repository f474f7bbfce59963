package dev.netlab.common.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** Where a lab server listens. The default port is set by each command's {@code defaultPort}. */
public final class ServerOptions {
  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      converter = Converters.Host.class,
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 means every address).")
  public InetAddress bind;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = "Port to listen on, 0-65535, 0 for any free port (default: ${DEFAULT-VALUE}).")
  public Integer port;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = "Serve Prometheus metrics on 127.0.0.1:PORT/metrics while the server runs.")
  public Integer metricsPort;

  @Option(
      names = "--time",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "Stop after this long (default: run until Ctrl-C).")
  public java.time.Duration time;

  /** The address to bind, with {@code defaultPort} when no {@code --port} was given. */
  public InetSocketAddress address(int defaultPort) {
    return new InetSocketAddress(bind, port == null ? defaultPort : port);
  }

  /** Starts the Prometheus endpoint when {@code --metrics-port} was given, and says where. */
  public void serveMetrics(LabRun run) {
    if (metricsPort != null) {
      run.console()
          .say(
              "metrics on http://%s/metrics",
              dev.netlab.common.net.Sockets.hostPort(run.metrics().serve(metricsPort)));
    }
  }
}
