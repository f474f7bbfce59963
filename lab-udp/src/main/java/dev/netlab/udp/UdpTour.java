package dev.netlab.udp;

import dev.netlab.common.base.Console;
import dev.netlab.common.capture.CaptureUnavailableException;
import dev.netlab.common.capture.KernelCapture;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.PacketPrinter;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.net.Sockets;
import dev.netlab.common.net.UdpKernelCounters;
import dev.netlab.common.payload.Payload;
import dev.netlab.common.payload.ReadAhead;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.common.tour.TourContext;
import dev.netlab.common.tour.TourPart;
import dev.netlab.udp.probe.ProbeClient;
import dev.netlab.udp.probe.ProbeResult;
import dev.netlab.udp.probe.ProbeServer;
import dev.netlab.udp.rudp.RudpClient;
import dev.netlab.udp.rudp.RudpMetrics;
import dev.netlab.udp.rudp.RudpServer;
import dev.netlab.udp.rudp.protocol.RudpException;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.protocol.RudpSender;
import dev.netlab.udp.rudp.wire.RudpMode;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The UDP lab's part of {@code lab tour}: connectionless, unreliable, and counted. */
public final class UdpTour implements TourPart {
  /** Datagrams through the relay: enough for loss and reordering to show in numbers. */
  static final long RELAYED = 2000;

  /** Paced so a busy 2-core host does not add its own drops to the relay's. */
  static final long RATE = 1000;

  static final int SIZE = 200;

  /** Fixed, so every tour shows the same fates (and a student can repeat it with the relay). */
  static final long SEED = 2026;

  static final Impairment RELAY_IMPAIRMENT = Impairment.NONE.withLoss(5, 1).withReorder(3, 3);

  @Override
  public String title() {
    return "UDP";
  }

  @Override
  public List<TourCheck> run(TourContext ctx) throws InterruptedException {
    LabRun run = ctx.run();
    Console c = run.console();
    UdpMetrics metrics = new UdpMetrics(run.metrics().registry());
    ProbeClient client = new ProbeClient(run, metrics);
    List<TourCheck> checks = new ArrayList<>();

    c.say("");
    c.say("== UDP 1/4: connectionless: sending to nobody ==");
    InetSocketAddress nobody = freeUdpPort();
    ProbeResult blind = client.send(nobody, options(20, false));
    c.claim(
        "IP-3",
        "sent %d datagrams to %s where nothing listens: %d send errors, no answer."
            + " UDP sends without asking whether anyone is there",
        blind.sent(),
        Sockets.hostPort(nobody),
        blind.sendErrors());
    ProbeResult connected = client.send(nobody, options(20, true));
    c.claim(
        "IP-3",
        "the same through a connect()ed socket: %s after %d datagram(s). That error"
            + " is the kernel passing on an ICMP port-unreachable; TCP is refused before any data",
        connected.firstError() == null ? "no error" : "\"" + connected.firstError() + "\"",
        connected.firstErrorAfter());
    checks.add(
        blind.sendErrors() == 0 && blind.report() == null
            ? TourCheck.shown(
                "IP-3",
                blind.sent()
                    + " datagrams sent to a closed port without an"
                    + " error; a connected socket got "
                    + connected.firstError())
            : TourCheck.failed(
                "IP-3", "sending to a closed port reported " + blind.sendErrors() + " errors"));

    LabRun serverRun = LabRun.quiet(run.transport());
    try (ProbeServer server =
        new ProbeServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            serverRun,
            new UdpMetrics(serverRun.metrics().registry()),
            ProbeServer.DEFAULT_PLAYOUT,
            (from, r) -> {})) {
      server.start();
      c.say("");
      c.say("== UDP 2/4: no handshake: the first packet is already data ==");
      checks.add(firstPacket(c, client, server.localAddress(), ctx));

      c.say("");
      c.say("== UDP 3/4: loss and reordering, through the impairment relay ==");
      checks.addAll(relayed(c, client, server.localAddress(), run));
    }
    c.say("");
    c.say("== UDP 4/4: building on UDP exactly what is needed: sequenced, then reliable ==");
    checks.add(ownProtocol(c, run, ctx.reportFile("udp-own-protocol.pcap")));
    return checks;
  }

  /** Bytes sent in each mode through the relay. */
  static final long PROTOCOL_BYTES = 2L << 20;

  /**
   * @param captureFile where to save a kernel capture of both transfers' two legs, or null
   */
  private static TourCheck ownProtocol(Console c, LabRun run, Path captureFile)
      throws InterruptedException {
    LabRun receiverRun = LabRun.quiet(run.transport());
    RudpMetrics metrics = new RudpMetrics(run.metrics().registry());
    try (RudpServer receiver =
            new RudpServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                receiverRun,
                new RudpMetrics(receiverRun.metrics().registry()),
                RudpServer.DEFAULT_WINDOW,
                r -> {});
        ImpairmentRelay relay =
            new ImpairmentRelay(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                startReceiver(receiver),
                run.transport(),
                RELAY_IMPAIRMENT,
                RELAY_IMPAIRMENT,
                SEED)) {
      relay.start();
      KernelCapture capture = null;
      if (captureFile != null) {
        try {
          capture =
              KernelCapture.start(
                  "udp port "
                      + relay.localAddress().getPort()
                      + " or udp port "
                      + receiver.localAddress().getPort(),
                  captureFile);
        } catch (CaptureUnavailableException e) {
          c.note("the lab's own protocol is not captured: %s", e.getMessage());
        }
      }
      TourCheck check;
      try {
        check = protocolRuns(c, run, metrics, relay, receiver);
      } finally {
        if (capture != null) {
          capture.close();
        }
      }
      if (capture == null) {
        return check;
      }
      List<Integer> firsts = firstFrameOfEachFlow(capture, relay.localAddress().getPort());
      c.say(
          "captured (%s) into %s: each transfer starts at frame %s",
          capture.summary().heading(), captureFile.getFileName(), firsts);
      if (capture.summary().dropNote() != null) {
        c.note("%s", capture.summary().dropNote());
      }
      return check.withCapture(captureFile, firsts);
    } catch (RudpException e) {
      return TourCheck.failed("UDP-2", e.getMessage());
    }
  }

  /** Frame numbers of the first datagram each client sent to the relay: where a transfer begins. */
  private static List<Integer> firstFrameOfEachFlow(KernelCapture capture, int relayPort) {
    Set<Integer> clients = new HashSet<>();
    List<Integer> frames = new ArrayList<>();
    for (Packet p : capture.packets()) {
      if (p.udp() != null
          && p.udp().destinationPort() == relayPort
          && clients.add(p.udp().sourcePort())) {
        frames.add(capture.frameOf(p));
      }
    }
    return frames;
  }

  private static TourCheck protocolRuns(
      Console c, LabRun run, RudpMetrics metrics, ImpairmentRelay relay, RudpServer receiver)
      throws InterruptedException, RudpException {
    c.say(
        "relay %s -> %s: %s both ways, seed %d",
        Sockets.hostPort(relay.localAddress()),
        Sockets.hostPort(receiver.localAddress()),
        RELAY_IMPAIRMENT.describe(),
        SEED);
    RudpClient client = new RudpClient(run, metrics);
    RudpResult sequenced =
        client.send(
            relay.localAddress(),
            RudpMode.SEQUENCED,
            new ReadAhead(Payload.generated(PROTOCOL_BYTES, SEED), 1200),
            1200,
            PROTOCOL_SEQUENCED,
            false);
    c.claim(
        "UDP-2",
        "sequenced (what games and media do): %d of %d bytes delivered, in order;"
            + " %d datagrams lost and %d late were skipped, nothing resent",
        sequenced.deliveredBytes(),
        sequenced.bytes(),
        sequenced.lost(),
        sequenced.late());
    RudpResult reliable =
        client.send(
            relay.localAddress(),
            RudpMode.RELIABLE,
            new ReadAhead(Payload.generated(PROTOCOL_BYTES, SEED), 1200),
            1200,
            PROTOCOL_RELIABLE,
            false);
    c.claim("UDP-2", "reliable (selective repeat with SACK): %s", reliable.summary());
    c.claim(
        "UDP-2",
        "SHA-256 sent %s, delivered %s: %s",
        abbreviateHash(reliable.sentSha256()),
        abbreviateHash(reliable.deliveredSha256()),
        reliable.intact() ? "identical: every byte, in order" : "DIFFERENT");
    return reliable.intact() && sequenced.retransmissions() == 0
        ? TourCheck.shown(
            "UDP-2",
            String.format(
                Locale.ROOT,
                "over the same lossy relay: sequenced delivered %d/%d bytes without resending;"
                    + " reliable delivered all %d with %d retransmissions, SHA-256 equal",
                sequenced.deliveredBytes(),
                sequenced.bytes(),
                reliable.bytes(),
                reliable.retransmissions()))
        : TourCheck.failed("UDP-2", "reliable mode intact=" + reliable.intact());
  }

  static final RudpSender.Settings PROTOCOL_SEQUENCED =
      new RudpSender.Settings(1024, Duration.ofMillis(20), Duration.ofSeconds(10), 20_000);
  static final RudpSender.Settings PROTOCOL_RELIABLE =
      new RudpSender.Settings(512, Duration.ofMillis(20), Duration.ofSeconds(10), 0);

  private static InetSocketAddress startReceiver(RudpServer receiver) throws InterruptedException {
    receiver.start();
    return receiver.localAddress();
  }

  private static String abbreviateHash(String hex) {
    return hex.substring(0, 16) + "...";
  }

  private static TourCheck firstPacket(
      Console c, ProbeClient client, InetSocketAddress server, TourContext ctx)
      throws InterruptedException {
    KernelCapture capture;
    Path file = ctx.reportFile("udp.pcap");
    try {
      capture = KernelCapture.start("udp port " + server.getPort(), file);
    } catch (CaptureUnavailableException e) {
      c.note("kernel packets not shown: %s", e.getMessage());
      return TourCheck.skipped(
          "UDP-1",
          "kernel capture needs root or a user allowed to capture (see the note above for the"
              + " steps, or set NETLAB_CAPTURE_TOOL)");
    }
    ProbeResult r;
    List<Packet> packets;
    try {
      r = client.send(server, options(3, false));
      packets = capture.await(p -> p.size() >= 5, Duration.ofSeconds(2));
    } finally {
      capture.close();
    }
    if (packets.isEmpty() || packets.get(0).udp() == null) {
      return TourCheck.failed("UDP-1", "no UDP packet was captured");
    }
    Packet first = packets.get(0);
    c.claim(
        "UDP-1",
        "the first packet of the exchange, layer by layer (%s):",
        capture.summary().heading());
    PacketPrinter.layers(first).forEach(c::say);
    c.claim(
        "UDP-1",
        "UDP's whole header is 8 bytes (ports, length, checksum): no sequence"
            + " number, no ACK, no handshake; the numbering here is the lab's own, in the payload");
    if (capture.summary().dropNote() != null) {
      c.note("%s", capture.summary().dropNote());
    }
    return (r.report() != null
            ? TourCheck.shown(
                "UDP-1",
                "first captured packet carries "
                    + first.udp().payloadLength()
                    + " bytes of data behind an 8-byte UDP header; no handshake before it")
            : TourCheck.failed("UDP-1", "the receiver did not report"))
        .withCapture(file, List.of(capture.frameOf(first)));
  }

  private static List<TourCheck> relayed(
      Console c, ProbeClient client, InetSocketAddress server, LabRun run)
      throws InterruptedException {
    List<TourCheck> checks = new ArrayList<>();
    try (ImpairmentRelay relay =
        new ImpairmentRelay(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            server,
            run.transport(),
            RELAY_IMPAIRMENT,
            Impairment.NONE,
            SEED)) {
      relay.start();
      c.say(
          "relay %s -> %s: %s, seed %d",
          Sockets.hostPort(relay.localAddress()),
          Sockets.hostPort(server),
          RELAY_IMPAIRMENT.describe(),
          SEED);
      var before = UdpKernelCounters.read();
      ProbeResult r = client.send(relay.localAddress(), options(RELAYED, false));
      long kernel =
          before
              .flatMap(b -> UdpKernelCounters.read().map(a -> a.since(b).receiveBufferErrors()))
              .orElse(0L);
      c.say("the relay: %s", relay.forwardStats().summary());
      if (r.report() == null) {
        checks.add(TourCheck.failed("IP-4", "the receiver did not report"));
        return checks;
      }
      r.report().print(c, "the receiver");
      long dropped = relay.forwardStats().dropped();
      c.claim(
          "IP-4",
          "the relay dropped %d; the receiver found %d missing%s",
          dropped,
          r.report().lost(),
          kernel > 0 ? " (the kernel dropped " + kernel + " more at a full receive buffer)" : "");
      boolean lossOk = r.report().lost() >= dropped && r.report().lost() <= dropped + kernel;
      checks.add(
          lossOk
              ? TourCheck.shown(
                  "IP-4",
                  r.report().lost()
                      + " of "
                      + RELAYED
                      + " datagrams lost, named by sequence number: "
                      + abbreviate(r.report().rangesText()))
              : TourCheck.failed(
                  "IP-4",
                  "relay dropped " + dropped + " but receiver counted " + r.report().lost()));
      checks.add(
          r.report().reordered() > 0
              ? TourCheck.shown(
                  "IP-5",
                  r.report().reordered()
                      + " datagrams arrived out of order,"
                      + " counted apart from the "
                      + r.report().lost()
                      + " lost")
              : TourCheck.failed("IP-5", "no reordering seen through a reordering relay"));
    }
    return checks;
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, text.lastIndexOf(',', 60)) + ", ...";
  }

  private static ProbeClient.Options options(long count, boolean connected) {
    return new ProbeClient.Options(SIZE, count, null, RATE, connected, Duration.ofSeconds(2));
  }

  private static InetSocketAddress freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback UDP port", e);
    }
  }
}
