package dev.netlab.udp.cli;

import dev.netlab.common.cli.ClientOptions;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.udp.UdpMetrics;
import dev.netlab.udp.ping.PingClient;
import dev.netlab.udp.ping.PingResult;
import dev.netlab.udp.ping.UdpEchoServer;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab udp ping}: round trips to a UDP echo server. */
@Command(
    name = "ping",
    description =
        "The classic UDP pinger: numbered datagrams to an echo server (10007/udp); prints each"
            + " round trip, then loss and rtt min/avg/max/p99.",
    mixinStandardHelpOptions = true,
    footer = {"", "Example:", "  lab udp ping --count 20 --interval 100ms"})
@DefaultPort(UdpEchoServer.DEFAULT_PORT)
public final class PingCommand extends LabCommand {
  @Mixin ClientOptions target;

  @Option(
      names = {"-c", "--count"},
      paramLabel = "N",
      converter = Converters.IntCount.class,
      defaultValue = "10",
      description = "Pings to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = {"-i", "--interval"},
      paramLabel = "DURATION",
      defaultValue = "200ms",
      converter = Converters.PositiveTime.class,
      description = "Time between pings (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = {"-W", "--timeout"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Converters.PositiveTime.class,
      description = "A reply later than this counts as lost (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-s", "--size"},
      paramLabel = "BYTES",
      converter = Converters.IntSize.class,
      defaultValue = "64",
      description = "Bytes per datagram, 24-65507 (default: ${DEFAULT-VALUE}).")
  int size;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    PingResult r =
        new PingClient(run, new UdpMetrics(run.metrics().registry()))
            .ping(target.address(UdpEchoServer.DEFAULT_PORT), count, interval, timeout, size);
    run.console().claim("IP-4", "%s", r.summary());
    run.put("ping", r.toJson());
    return r.received() > 0 ? 0 : 1;
  }
}
