package dev.netlab.udp.cli;

import dev.netlab.common.base.StudentToken;
import dev.netlab.common.cli.ClientOptions;
import dev.netlab.common.cli.Converters;
import dev.netlab.common.cli.DefaultPort;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.metrics.IntervalReporter;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.UdpKernelCounters;
import dev.netlab.udp.UdpMetrics;
import dev.netlab.udp.probe.ProbeClient;
import dev.netlab.udp.probe.ProbeResult;
import dev.netlab.udp.probe.ProbeServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab udp client}: numbered datagrams, then the receiver's figures. */
@Command(
    name = "client",
    description =
        "Sends numbered, timestamped datagrams to 10009/udp at --rate per second (or max), then"
            + " prints the receiver's figures. To a port where nothing listens every send still"
            + " succeeds: UDP never asks (add --connected to get the kernel's ICMP error).",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab udp client --count 10000 --rate 5000 --size 1200",
      "  lab udp client --rate max --time 5s",
      "  lab udp client --port 10999 --connected",
      "  lab udp client --port 10900 --count 200 --student s1234  # graded capture"
    })
@DefaultPort(ProbeServer.DEFAULT_PORT)
public final class ClientCommand extends LabCommand {
  /** Datagrams sent when neither --count nor --time says otherwise. */
  static final long DEFAULT_COUNT = 1000;

  @Mixin ClientOptions target;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      converter = Converters.Count.class,
      description = "Datagrams to send (default: " + DEFAULT_COUNT + ", or no limit with --time).")
  Long count;

  @Option(
      names = "--time",
      paramLabel = "DURATION",
      converter = Converters.PositiveTime.class,
      description = "Send for this long at most (then --count is only an upper bound).")
  Duration time;

  @Option(
      names = "--rate",
      paramLabel = "N|max",
      converter = Converters.RateOrMax.class,
      defaultValue = "1000",
      description = "Datagrams per second, or max (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(
      names = {"-l", "--size"},
      paramLabel = "BYTES",
      converter = Converters.IntSize.class,
      defaultValue = "512",
      description = "Bytes per datagram, 24-65507 (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--connected",
      description = "connect() the socket first: the kernel then reports ICMP port unreachable.")
  boolean connected;

  @Option(
      names = {"-O", "--omit"},
      paramLabel = "DURATION",
      converter = Converters.Time.class,
      description =
          "Send WARMUP datagrams this long first and leave them out of the figures on both sides"
              + " (like iperf3 --omit): a JVM runs its first second slower while it compiles.")
  Duration omit;

  @Option(
      names = "--report-wait",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = Converters.Time.class,
      description = "How long to wait for the receiver's figures (default: ${DEFAULT-VALUE}).")
  Duration reportWait;

  @Option(
      names = "--student",
      paramLabel = "ID",
      description =
          "Write the line 'netlab-student TOKEN' (TOKEN derived from ID) after the header of every"
              + " datagram, where the padding goes, for 'lab grade capture --student ID'.")
  String student;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    InetSocketAddress server = target.address(ProbeServer.DEFAULT_PORT);
    long perSecond = rate;
    long n = count != null ? count : time != null ? Long.MAX_VALUE : DEFAULT_COUNT;
    var kernelBefore = UdpKernelCounters.read();
    ProbeResult r =
        new ProbeClient(run, new UdpMetrics(run.metrics().registry()))
            .send(
                server,
                new ProbeClient.Options(
                    size,
                    n,
                    time,
                    perSecond,
                    connected,
                    reportWait,
                    omit == null ? Duration.ZERO : omit,
                    student == null ? "" : StudentToken.tcpLine(student)));
    var kernel = kernelBefore.flatMap(b -> UdpKernelCounters.read().map(a -> a.since(b)));
    var c = run.console();
    c.say(
        String.format(
            Locale.ROOT,
            "sent %d datagrams of %d bytes to %s in %.3f s (%.0f/s)%s",
            r.sent(),
            size,
            Sockets.hostPort(server),
            r.seconds(),
            r.sendRate(),
            r.sendErrors() == 0 ? ", every send succeeded" : ""));
    if (r.firstError() != null) {
      c.claim(
          "IP-3",
          "after %d datagram(s) the connected socket failed with \"%s\": the peer's"
              + " kernel answered with ICMP port unreachable, and ours handed that to this socket"
              + " (%d failed reads/sends). Without connect() nobody would have told us",
          r.firstErrorAfter(),
          r.firstError(),
          r.sendErrors());
    }
    run.put("client", r.toJson());
    if (r.report() == null) {
      c.claim(
          "IP-3",
          "no report came back: nothing seems to listen at %s%s. TCP would have"
              + " been refused at connect()",
          Sockets.hostPort(server),
          r.firstError() == null ? ", yet UDP sent every datagram without complaint" : "");
      return 1;
    }
    r.report().print(c, "the receiver");
    // over the sender's span, as iperf3 reports UDP: the receiver's own first-to-last span is
    // shorter than the send whenever the first datagrams go out late and the rest catch up
    c.say(
        String.format(
            Locale.ROOT,
            "goodput over the %.3f s of sending: %s received, %s",
            r.seconds(),
            IntervalReporter.bytes(r.report().bytes()).trim(),
            IntervalReporter.bitsPerSecond(r.goodputBitsPerSecond()).trim()));
    kernel.ifPresent(
        k -> {
          if (k.receiveBufferErrors() > 0) {
            c.claim(
                "IP-4",
                "of those, this host's kernel dropped %d datagrams itself because a"
                    + " receiving socket's buffer was full (/proc/net/snmp RcvbufErrors): loss also"
                    + " happens inside a busy receiver",
                k.receiveBufferErrors());
          }
          run.put("kernel_receive_buffer_drops", k.receiveBufferErrors());
        });
    return 0;
  }
}
