package dev.netlab.common.cli;

import dev.netlab.common.base.LabException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** Which server a lab client talks to. */
public final class ClientOptions {
  @Option(
      names = {"-H", "--host"},
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      converter = Converters.Host.class,
      description = "Server address (default: ${DEFAULT-VALUE}).")
  public InetAddress host;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = "Server port, 1-65535 (default: ${DEFAULT-VALUE}).")
  public Integer port;

  /** The server's address, with {@code defaultPort} when no {@code --port} was given. */
  public InetSocketAddress address(int defaultPort) {
    int p = port == null ? defaultPort : port;
    if (p == 0) {
      throw LabException.usage("cannot connect to port 0: give the server's port with --port N");
    }
    return new InetSocketAddress(host, p);
  }
}
