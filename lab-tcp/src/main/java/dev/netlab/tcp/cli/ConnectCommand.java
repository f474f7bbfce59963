package dev.netlab.tcp.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.tcp.TcpMetrics;
import dev.netlab.tcp.connect.ConnectProbe;
import dev.netlab.tcp.connect.ConnectResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab tcp connect HOST PORT}: established, refused or timed out. */
@Command(
    name = "connect",
    description =
        "Tries one TCP connection and shows how it ends: established (SYN+ACK came back), refused (RST: nothing listens) or timed out (no answer: the SYN is retransmitted). With capture permission the kernel's SYNs and RST are printed.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  # refused unless 'lab tcp server' runs:",
      "  lab tcp connect 127.0.0.1 10007",
      "  # a timeout, on loopback (root: an nftables rule drops the SYNs):",
      "  sudo lab tcp connect 127.0.0.1 10099 --drop-syn --timeout 4s"
    })
public final class ConnectCommand extends LabCommand {
  @Parameters(
      index = "0",
      paramLabel = "HOST",
      converter = Converters.Host.class,
      description = "Address to connect to.")
  InetAddress host;

  @Parameters(
      index = "1",
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description = "Port, 1-65535.")
  int port;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Converters.PositiveTime.class,
      description = "Give up after this long without an answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--drop-syn",
      description =
          "Root, loopback only: add an nftables rule that silently drops SYNs to PORT"
              + " for this run, to see a timeout; removed afterwards.")
  boolean dropSyn;

  @Option(names = "--no-capture", description = "Do not try to capture kernel packets.")
  boolean noCapture;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    if (port == 0) {
      throw LabException.usage("cannot connect to port 0: give a port from 1 to 65535");
    }
    InetSocketAddress target = new InetSocketAddress(host, port);
    if (dropSyn && !host.isLoopbackAddress()) {
      throw LabException.usage("--drop-syn only works on loopback: use 127.0.0.1 or ::1");
    }
    ConnectProbe probe = new ConnectProbe(run, new TcpMetrics(run.metrics().registry()));
    ConnectResult r;
    if (dropSyn) {
      try (NftablesRule rule = NftablesRule.dropSyns(port)) {
        run.console().say("nftables: dropping %s for this run", rule.description());
        r = probe.probe(target, timeout, !noCapture);
      }
    } else {
      r = probe.probe(target, timeout, !noCapture);
    }
    r.print(run.console());
    run.put("connect", r.toJson());
    return r.outcome() == ConnectResult.Outcome.ESTABLISHED ? 0 : 1;
  }
}
