package dev.netlab.ports.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.base.WarmUp;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.ports.scan.IcmpBudget;
import dev.netlab.ports.scan.PortList;
import dev.netlab.ports.scan.PortResult;
import dev.netlab.ports.scan.PortScanner;
import dev.netlab.ports.scan.ScanProgress;
import dev.netlab.ports.scan.ScanReport;
import dev.netlab.ports.scan.ScanSettings;
import dev.netlab.ports.table.ServicesDatabase;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab ports scan [HOST]}: what is listening. */
@Command(
    name = "scan",
    description =
        "What is listening: a TCP connect scan (nmap -sT) and a UDP scan (nmap -sU) reading ICMP"
            + " port unreachable through a connected socket, with nmap's states (open, closed,"
            + " filtered, open|filtered) and reasons. Loopback only unless --i-own-this-host.",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab ports scan                       # TCP 1-1024,10000-10200 of 127.0.0.1",
      "  lab ports scan -p 1-65535            # every TCP port",
      "  lab ports scan --udp -p 10000-10100  # closed: ICMP port unreachable",
      "  lab ports scan --tcp --udp -p 10007,10013 --json"
    })
public final class ScanCommand extends LabCommand {
  /** The well-known ports and the labs' 10000 + N. */
  static final String DEFAULT_PORTS = "1-1024,10000-10200";

  /** Sockets open at once by default: far below any file-descriptor limit. */
  static final int DEFAULT_CONCURRENCY = 512;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      converter = Converters.Host.class,
      description =
          "Host to scan (default: ${DEFAULT-VALUE}); loopback only without --i-own-this-host.")
  InetAddress host;

  @Option(
      names = {"-p", "--ports"},
      paramLabel = "LIST",
      defaultValue = DEFAULT_PORTS,
      description =
          "Ports and ranges, such as 1-1024,10007, or - for 1-65535 (default: ${DEFAULT-VALUE}).")
  String ports;

  @Option(
      names = {"-t", "--tcp"},
      description = "TCP connect scan (the default when --udp is not given).")
  boolean tcp;

  @Option(
      names = {"-u", "--udp"},
      description = "UDP scan.")
  boolean udp;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_CONCURRENCY,
      converter = Converters.IntCount.class,
      description = "Probes in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--rate",
      paramLabel = "N|max",
      converter = Converters.RateOrMax.class,
      description =
          "Probes started per second at most (default: max for TCP; for UDP 90% of the kernel's"
              + " ICMP limit, net.ipv4.icmp_msgs_per_sec, so no port unreachable is lost).")
  Long rate;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Converters.PositiveTime.class,
      description = "How long a probe waits for an answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "UDP: probes sent again to a silent port before it is open|filtered (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--all", description = "List every port, not only those unlike the rest.")
  boolean all;

  @Option(
      names = "--i-own-this-host",
      description = "Allow a target other than loopback: scan only hosts you own or may scan.")
  boolean ownHost;

  @Override
  protected int run(LabRun run) throws IOException, InterruptedException {
    if (!host.isLoopbackAddress() && !ownHost) {
      throw LabException.usage(
          "refusing to scan "
              + host.getHostAddress()
              + ": it is not loopback; scan only hosts you own, and say so with --i-own-this-host");
    }
    if (retries < 0 || retries > 10) {
      throw LabException.usage("--retries must be 0-10; got " + retries);
    }
    int[] list = PortList.parse(ports);
    boolean doTcp = tcp || !udp;
    int probes = list.length * ((doTcp ? 1 : 0) + (udp ? 1 : 0));
    if (probes > PortList.MAX_PORTS_PER_RUN) {
      throw LabException.usage(
          String.format(
              "%,d ports asked for; one run scans at most %,d: scan TCP and UDP in two runs",
              probes, PortList.MAX_PORTS_PER_RUN));
    }
    ServicesDatabase services = ServicesDatabase.load();
    run.put("target", host.getHostAddress());
    List<Map<String, Object>> scans = new ArrayList<>();
    run.console()
        .say(
            "[PORT-1] scanning %s: %,d port(s)%s%s (service names from %s)",
            host.getHostAddress(),
            list.length,
            doTcp ? ", TCP connect" : "",
            udp ? ", UDP" : "",
            services.source());
    WarmUp.ifEnabled(
        () -> {
          if (!doTcp) {
            return; // UDP's pace is the kernel's ICMP limit, not the JIT's
          }
          try {
            PortScanner.warmUp();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    if (doTcp) {
      scans.add(scan(run, "tcp", list, services, rate == null ? 0 : rate));
    }
    if (udp) {
      long udpRate = rate == null ? IcmpBudget.udpRate(0) : rate;
      if (rate == null && udpRate > 0) {
        run.console()
            .say(
                "UDP: %,d probes/s at most: this kernel sends at most %,d ICMP errors/s"
                    + " (net.ipv4.icmp_msgs_per_sec), and a lost port unreachable would make a"
                    + " closed port look open|filtered",
                udpRate, IcmpBudget.perSecond().orElse(0));
      }
      scans.add(scan(run, "udp", list, services, udpRate));
    }
    run.put("scans", scans);
    return 0;
  }

  private Map<String, Object> scan(
      LabRun run, String protocol, int[] list, ServicesDatabase services, long probeRate)
      throws IOException {
    ScanSettings settings = new ScanSettings(concurrency, probeRate, timeout, retries);
    PortScanner scanner = new PortScanner(host, settings);
    Progress progress = new Progress(protocol, list.length, run);
    long start = System.nanoTime();
    List<PortResult> results =
        protocol.equals("tcp") ? scanner.scanTcp(list, progress) : scanner.scanUdp(list, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    progress.clear();
    results.stream()
        .collect(Collectors.groupingBy(r -> r.state().label(), Collectors.counting()))
        .forEach(
            (state, n) ->
                Counter.builder("netlab.ports.scan.ports")
                    .description("ports scanned, by protocol and state")
                    .tag("protocol", protocol)
                    .tag("state", state)
                    .register(run.metrics().registry())
                    .increment(n));
    ScanReport report = new ScanReport(protocol, results, seconds, services);
    report.lines(all).forEach(run.console()::say);
    return report.toJson(all);
  }

  /** A progress line on stderr, only on a terminal and never with --json. */
  private final class Progress implements ScanProgress {
    /** Redraws at most this often. */
    static final long EVERY_NANOS = Duration.ofMillis(200).toNanos();

    private final String protocol;
    private final int total;
    private final PrintWriter err;
    private final boolean on;
    private final AtomicInteger done = new AtomicInteger();
    private long last = System.nanoTime();

    Progress(String protocol, int total, LabRun run) {
      this.protocol = protocol;
      this.total = total;
      this.err = spec.commandLine().getErr();
      this.on = System.console() != null && !common.json && !run.console().quiet();
    }

    @Override
    public synchronized void done(PortResult result) {
      int n = done.incrementAndGet();
      long now = System.nanoTime();
      if (on && now - last > EVERY_NANOS) {
        last = now;
        err.printf("\r%s: %,d/%,d ports scanned", protocol, n, total);
        err.flush();
      }
    }

    void clear() {
      if (on) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }
}
