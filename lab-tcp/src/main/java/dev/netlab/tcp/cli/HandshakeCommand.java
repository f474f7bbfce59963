package dev.netlab.tcp.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.tcp.TcpMetrics;
import dev.netlab.tcp.handshake.HandshakeObserver;
import dev.netlab.tcp.handshake.HandshakeResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab tcp handshake}: the 3-way handshake and teardown from the kernel's packets. */
@Command(
    name = "handshake",
    description =
        "Opens a TCP connection while capturing the kernel's packets, exchanges a few echo messages and closes; prints SYN, SYN+ACK, ACK with both ISNs, the data and its ACKs, and the FIN teardown. Starts its own echo server unless HOST PORT name one. Captures on lo (or on any when the route to HOST leaves elsewhere), the first 512 bytes of each packet, with tcpdump, dumpcap or tshark, the first that may (NETLAB_CAPTURE_TOOL picks one); capture needs root or a user allowed to capture, and without it the command says how.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  sudo lab tcp handshake", "  lab tcp handshake 127.0.0.1 10007"})
public final class HandshakeCommand extends LabCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "HOST",
      converter = Converters.Host.class,
      description = "An echo server's address.")
  InetAddress host;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = "Its port.")
  Integer port;

  @Option(
      names = "--messages",
      paramLabel = "N",
      defaultValue = "3",
      description = "Echo messages to exchange (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--capture",
      paramLabel = "FILE",
      description =
          "Also save the kernel capture as a pcap file for Wireshark; exits 1 without a file if"
              + " nothing may capture.")
  Path capture;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Converters.PositiveTime.class,
      description = "Connect timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    if ((host == null) != (port == null) || port != null && port == 0) {
      throw LabException.usage(
          "give both HOST and PORT (port 1-65535) of an echo server, or"
              + " neither to use a server of its own");
    }
    if (messages < 0 || messages > 100) {
      throw LabException.usage("--messages must be 0-100; got " + messages);
    }
    InetSocketAddress target = host == null ? null : new InetSocketAddress(host, port);
    HandshakeResult r =
        new HandshakeObserver(run, new TcpMetrics(run.metrics().registry()), timeout)
            .observe(target, messages, capture);
    r.print(run.console());
    run.put("handshake", r.toJson());
    if (r.trace() == null) {
      return 0;
    }
    return r.trace().handshakeComplete() ? 0 : 1;
  }
}
