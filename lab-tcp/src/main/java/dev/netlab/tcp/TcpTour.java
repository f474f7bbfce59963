package dev.netlab.tcp;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.common.tour.TourContext;
import dev.netlab.common.tour.TourPart;
import dev.netlab.tcp.bulk.SendClient;
import dev.netlab.tcp.bulk.SendResult;
import dev.netlab.tcp.bulk.SinkServer;
import dev.netlab.tcp.connect.ConnectProbe;
import dev.netlab.tcp.connect.ConnectResult;
import dev.netlab.tcp.handshake.HandshakeObserver;
import dev.netlab.tcp.handshake.HandshakeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The TCP lab's part of {@code lab tour}: every TCP claim, shown on loopback. */
public final class TcpTour implements TourPart {
  /** Bytes of the clean transfer: big enough for many windows' worth of segments. */
  static final long TRANSFER_BYTES = 64L << 20;

  /** Bytes of the transfer under loss: enough for retransmissions, short enough to wait for. */
  static final long LOSSY_BYTES = 16L << 20;

  /** Percent of segments the kernel drops in the loss step. */
  static final int LOSS_PERCENT = 5;

  /** How long the timeout demo waits: long enough for two SYN retransmissions (1 s, then 2 s). */
  static final Duration SYN_TIMEOUT = Duration.ofMillis(3500);

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration TRANSFER_LIMIT = Duration.ofMinutes(2);

  @Override
  public String title() {
    return "TCP";
  }

  @Override
  public List<TourCheck> run(TourContext ctx) throws InterruptedException {
    LabRun run = ctx.run();
    Console c = run.console();
    TcpMetrics metrics = new TcpMetrics(run.metrics().registry());
    List<TourCheck> checks = new ArrayList<>();

    c.say("");
    c.say("== TCP 1/4: the handshake, from the kernel's own packets ==");
    HandshakeResult hs =
        new HandshakeObserver(run, metrics, CONNECT_TIMEOUT)
            .observe(null, 3, ctx.reportFile("tcp-handshake.pcap"), false);
    hs.print(c);
    checks.add(
        TourCheck.shown(
            "IP-1",
            "client "
                + Sockets.hostPort(hs.client())
                + " talked to "
                + Sockets.hostPort(hs.server())));
    if (hs.trace() == null) {
      String why =
          hs.captureProblem().contains("privilege")
              ? "kernel capture needs root or a user allowed to capture (see the note above for"
                  + " the steps, or set NETLAB_CAPTURE_TOOL)"
              : hs.captureProblem();
      for (String claim : List.of("TCP-2", "TCP-4", "STK-1", "STK-2")) {
        checks.add(TourCheck.skipped(claim, why));
      }
    } else if (hs.trace().handshakeComplete()) {
      checks.add(
          TourCheck.shown(
                  "TCP-2",
                  String.format(
                      "SYN (ISN %d), SYN+ACK (ISN %d, ack = client ISN + 1), ACK (ack = server"
                          + " ISN + 1)",
                      hs.trace().clientIsn(), hs.trace().serverIsn()))
              .withCapture(ctx.reportFile("tcp-handshake.pcap"), hs.handshakeFrames()));
      checks.add(
          TourCheck.shown(
              "TCP-4",
              hs.trace().rows().size()
                  + " segments with relative seq/ack; each ACK names the next byte expected"));
      checks.add(
          hs.firstData() == null
              ? TourCheck.failed("STK-1", "no data packet captured")
              : TourCheck.shown(
                  "STK-1", "a data packet printed layer by layer: " + layerSizes(hs)));
      checks.add(
          hs.firstData() == null
              ? TourCheck.failed("STK-2", "no data packet captured")
              : TourCheck.shown(
                  "STK-2",
                  "TCP header fields named: ports, seq, ack, flags, window," + " checksum"));
    } else {
      checks.add(TourCheck.failed("TCP-2", "the captured handshake was incomplete"));
    }

    c.say("");
    c.say("== TCP 2/4: connection-oriented: refused at once, or no answer ==");
    ConnectProbe probe = new ConnectProbe(run, metrics);
    int closedPort = freePort();
    Path refusedFile = ctx.reportFile("tcp-refused.pcap");
    ConnectResult refused =
        probe.probe(
            loopback(closedPort), CONNECT_TIMEOUT, KernelCapture.toolInstalled(), refusedFile);
    refused.print(c);
    checks.add(
        (refused.outcome() == ConnectResult.Outcome.REFUSED
                ? TourCheck.shown(
                    "TCP-1",
                    String.format(
                        "connect to a closed port refused in %.3f ms%s",
                        refused.millis(), refused.rstSeen() ? " (RST captured)" : ""))
                : TourCheck.failed("TCP-1", "connect to a closed port ended " + refused.outcome()))
            .withCapture(refusedFile, refused.evidenceFrames()));
    if (NftablesRule.permitted()) {
      int silentPort = freePort();
      ConnectResult timedOut;
      Path synFile = ctx.reportFile("tcp-syn-retransmits.pcap");
      try (NftablesRule rule = NftablesRule.dropSyns(silentPort)) {
        c.say("nftables: dropping %s, so nobody answers", rule.description());
        timedOut =
            probe.probe(loopback(silentPort), SYN_TIMEOUT, KernelCapture.toolInstalled(), synFile);
      }
      timedOut.print(c);
      checks.add(
          (timedOut.outcome() == ConnectResult.Outcome.TIMED_OUT
                  ? TourCheck.shown(
                      "TCP-1",
                      "silent port: timed out after "
                          + Math.round(timedOut.millis())
                          + " ms, SYN sent "
                          + timedOut.synCount()
                          + " times")
                  : TourCheck.failed("TCP-1", "silent port ended " + timedOut.outcome()))
              .withCapture(synFile, timedOut.evidenceFrames()));
    } else {
      c.note("timeout demo skipped: %s", NftablesRule.whyNotPermitted());
      checks.add(TourCheck.skipped("TCP-1", "timeout demo: " + NftablesRule.whyNotPermitted()));
    }

    c.say("");
    c.say("== TCP 3/4: reliable, in-order delivery, checked end to end ==");
    checks.add(transfer(run, metrics, TRANSFER_BYTES, 0, null));

    c.say("");
    c.say("== TCP 4/4: the same under %d%% packet loss ==", LOSS_PERCENT);
    if (NftablesRule.permitted()) {
      checks.add(
          transfer(run, metrics, LOSSY_BYTES, LOSS_PERCENT, ctx.reportFile("tcp-loss.pcap")));
    } else {
      c.note("loss demo skipped: %s", NftablesRule.whyNotPermitted());
      checks.add(TourCheck.skipped("TCP-3", "loss demo: " + NftablesRule.whyNotPermitted()));
    }
    return checks;
  }

  /**
   * @param captureFile where to save a kernel capture of the transfer, or null for none
   */
  private static TourCheck transfer(
      LabRun run, TcpMetrics metrics, long bytes, int lossPercent, Path captureFile)
      throws InterruptedException {
    Console c = run.console();
    try (SinkServer sink =
        new SinkServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            LabRun.quiet(run.transport()),
            new TcpMetrics(LabRun.quiet(run.transport()).metrics().registry()),
            true,
            Duration.ZERO,
            r -> {})) {
      sink.start();
      SendClient sender =
          new SendClient(run, metrics, true, Duration.ZERO, CONNECT_TIMEOUT, TRANSFER_LIMIT);
      SendResult r;
      long dropped = 0;
      LossCapture seen = null;
      if (lossPercent > 0) {
        int port = sink.localAddress().getPort();
        try (NftablesRule rule = NftablesRule.dropTcpToPort(port, lossPercent)) {
          c.say("nftables: dropping %s", rule.description());
          KernelCapture capture = LossCapture.start(c, port, captureFile);
          try {
            r = sender.sendBytes(sink.localAddress(), bytes);
          } finally {
            seen = LossCapture.stop(capture, port);
          }
          dropped = rule.dropped();
        }
      } else {
        r = sender.sendBytes(sink.localAddress(), bytes);
      }
      c.say("SHA-256 sent     %s", r.sentSha256());
      c.say("SHA-256 received %s", r.report().sha256());
      long retrans = r.tcpInfo().map(TcpInfo::totalRetransmits).orElse(-1L);
      r.tcpInfo().ifPresent(i -> c.claim("TCP-3", "TCP_INFO: %s", i.describe()));
      if (lossPercent > 0) {
        c.claim(
            "TCP-3",
            "the kernel dropped %d segments; the sender noticed (missing ACKs) and"
                + " retransmitted %s; the bytes still arrived %s",
            dropped,
            retrans < 0 ? "(TCP_INFO needs epoll)" : retrans + " segments",
            r.intact() ? "intact and in order" : "DAMAGED");
        if (seen != null) {
          seen.print(c);
        }
        boolean ok = r.intact() && (retrans > 0 || retrans < 0);
        TourCheck check =
            ok
                ? TourCheck.shown(
                    "TCP-3",
                    String.format(
                        "%d%% loss: %d segments dropped, %d retransmitted, SHA-256 equal",
                        lossPercent, dropped, retrans))
                : TourCheck.failed(
                    "TCP-3",
                    String.format(
                        "%d%% loss: intact=%s, retransmissions=%d",
                        lossPercent, r.intact(), retrans));
        return seen == null ? check : check.withCapture(captureFile, seen.retransmittedFrames());
      }
      c.claim(
          "TCP-3",
          "%d bytes arrived %s at %.2f Gbit/s",
          r.report().bytes(),
          r.intact() ? "intact and in order (same SHA-256)" : "DAMAGED",
          r.bitsPerSecond() / 1e9);
      return r.intact()
          ? TourCheck.shown(
              "TCP-3", String.format("%d MiB transferred, SHA-256 equal", bytes >> 20))
          : TourCheck.failed("TCP-3", "SHA-256 differs after a clean transfer");
    } catch (LabException e) {
      return TourCheck.failed("TCP-3", e.getMessage());
    }
  }

  private static String layerSizes(HandshakeResult hs) {
    StringBuilder sb = new StringBuilder();
    hs.firstData().layers().stream()
        .filter(l -> l.headerLength() > 0)
        .forEach(
            l ->
                sb.append(sb.length() == 0 ? "" : " + ")
                    .append(l.name())
                    .append(' ')
                    .append(l.headerLength()));
    return sb.append(" bytes of headers, then ")
        .append(hs.firstData().tcp().payloadLength())
        .append(" bytes of data")
        .toString();
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** A port nothing listens on right now: bound, read back, released. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw LabException.runtime("cannot find a free loopback port: " + e.getMessage());
    }
  }
}
