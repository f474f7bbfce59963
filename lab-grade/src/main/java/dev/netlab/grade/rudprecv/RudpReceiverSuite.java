package dev.netlab.grade.rudprecv;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.payload.Payload;
import dev.netlab.common.payload.ReadAhead;
import dev.netlab.common.transport.Transport;
import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseContext;
import dev.netlab.grade.engine.CaseFailure;
import dev.netlab.grade.engine.ExerciseSuite;
import dev.netlab.udp.rudp.RudpClient;
import dev.netlab.udp.rudp.RudpMetrics;
import dev.netlab.udp.rudp.protocol.RudpResult;
import dev.netlab.udp.rudp.protocol.RudpSender;
import dev.netlab.udp.rudp.wire.RudpMode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cases of {@code rudp-receiver}: the student's program is a receiver of netlab's RUDP
 * (docs/rudp.md, reliable mode) on UDP LAB_HOST:LAB_PORT. Each case sends it seeded bytes with
 * lab-udp's own sender through lab-common's impairment relay (impaired towards the receiver only,
 * seeded per student) and passes when the FIN-ACK came back reporting exactly the bytes sent (count
 * and SHA-256): the close handshake completed and the stream arrived byte-exact.
 */
public final class RudpReceiverSuite implements ExerciseSuite {
  /** Payload bytes per DATA datagram, as {@code lab udp send} sends by default. */
  static final int PAYLOAD = 1172;

  /**
   * The sender's settings: {@code lab udp send}'s window, RTO floor and dead-peer time, so a
   * receiver that passes here works with the lab's sender.
   */
  static final RudpSender.Settings SETTINGS =
      new RudpSender.Settings(1024, Duration.ofMillis(200), Duration.ofSeconds(10), 0);

  /** Time kept at the end of a case to say what happened rather than time out silently. */
  static final Duration MARGIN = Duration.ofMillis(500);

  /** How long the receiver is watched after the garbage: a crash shows in this time. */
  static final Duration SURVIVAL_WATCH = Duration.ofMillis(500);

  /**
   * Datagrams sent per datagram delivered at most in the loss case. A receiver that buffers above
   * holes and reports them in SACK blocks lets the sender resend only what was lost (about 1.2 at
   * 10% loss); one that drops everything above a hole makes it resend whole windows, Go-Back-N
   * style (about 4 at 10% loss, docs/rudp.md).
   */
  static final double MAX_SENT_PER_DELIVERED = 2.0;

  @Override
  public Map<String, Check> checks() {
    return Map.of(
        "udp_reliable_recv_0loss_64kib", ctx -> transfer(ctx, Impairment.NONE),
        "udp_reliable_recv_10loss_reorder_1mib",
            ctx -> selective(ctx, Impairment.NONE.withLoss(10, 1).withReorder(5, 3)),
        "udp_reliable_recv_20duplicate_256kib",
            ctx -> transfer(ctx, Impairment.NONE.withDuplicate(20)),
        "udp_reliable_recv_10corrupt_256kib", ctx -> transfer(ctx, Impairment.NONE.withCorrupt(10)),
        "udp_reliable_recv_garbage_survived_64kib", this::garbage);
  }

  /** The receiver answers a SYN with a SYN-ACK. */
  @Override
  public String notReady(String where, String within) {
    return Messages.get(
        "server.never_answered", where, within, Messages.get("rudprecv.ready_question"));
  }

  @Override
  public boolean ready(InetSocketAddress address, Duration wait) {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout((int) Math.max(1, wait.toMillis()));
      byte[] syn = Garbage.syn(42);
      s.send(new DatagramPacket(syn, syn.length, address));
      DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
      s.receive(reply);
      return reply.getLength() >= 2 && reply.getData()[1] == 2; // SYN-ACK
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Malformed datagrams first (each one counted and dropped), then a clean transfer. */
  String garbage(CaseContext ctx) throws Exception {
    List<Garbage.Datagram> sent = Garbage.datagrams(ctx.seed().seed("garbage"));
    ctx.doing(Messages.get("rudprecv.garbage_doing", sent.size()));
    try (DatagramSocket s = ctx.track(new DatagramSocket(0, InetAddress.getLoopbackAddress()))) {
      for (Garbage.Datagram g : sent) {
        s.send(new DatagramPacket(g.bytes(), g.bytes().length, ctx.student()));
      }
    }
    var exit = ctx.awaitServerExit(SURVIVAL_WATCH);
    if (exit.isPresent()) {
      throw new CaseFailure(
          Messages.get(
              "rudprecv.garbage_died",
              exit.get(),
              String.join("; ", sent.stream().map(Garbage.Datagram::what).toList())));
    }
    return transfer(ctx, Impairment.NONE) + " " + Messages.get("rudprecv.garbage_ok", sent.size());
  }

  /** A transfer that also had to be selective: only the lost datagrams resent, about. */
  String selective(CaseContext ctx, Impairment forward) throws Exception {
    Transfer t = send(ctx, forward);
    double ratio = (double) t.result().sent() / t.result().datagrams();
    if (ratio > MAX_SENT_PER_DELIVERED) {
      throw new CaseFailure(
          Messages.get(
              "rudprecv.not_selective",
              t.result().bytes(),
              t.path(),
              t.result().sent(),
              t.result().datagrams(),
              ratio,
              MAX_SENT_PER_DELIVERED));
    }
    return t.message();
  }

  String transfer(CaseContext ctx, Impairment forward) throws Exception {
    return send(ctx, forward).message();
  }

  /** A finished, byte-exact transfer: the sender's result, the relay's description, the report. */
  record Transfer(RudpResult result, String path, String message) {}

  /** Sends the case's bytes through a relay with {@code forward} impairment; checks the FIN-ACK. */
  Transfer send(CaseContext ctx, Impairment forward) throws Exception {
    long bytes = bytes(ctx);
    long relaySeed = ctx.seed().seed("relay-" + ctx.spec().name());
    long payloadSeed = ctx.seed().seed("payload-" + ctx.spec().name());
    String path = Messages.get("rudprecv.path", forward.describe(), relaySeed);
    ctx.doing(Messages.get("rudprecv.doing", bytes, path));
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (LabRun lab = LabRun.quiet(Transport.best());
        ImpairmentRelay relay =
            new ImpairmentRelay(
                    any, ctx.student(), lab.transport(), forward, Impairment.NONE, relaySeed)
                .start();
        ReadAhead source = new ReadAhead(Payload.generated(bytes, payloadSeed), PAYLOAD)) {
      RudpClient client = new RudpClient(lab, new RudpMetrics(lab.metrics().registry()));
      Future<RudpResult> sending =
          thread.submit(
              () ->
                  client.send(
                      relay.localAddress(), RudpMode.RELIABLE, source, PAYLOAD, SETTINGS, false));
      RudpResult r;
      long wait = ctx.remaining().minus(MARGIN).toMillis();
      try {
        r = sending.get(Math.max(1, wait), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        sending.cancel(true);
        throw new CaseFailure(
            Messages.get("rudprecv.too_slow", bytes, path, ctx.spec().timeout().toSeconds()));
      } catch (ExecutionException e) {
        throw new CaseFailure(
            Messages.get("rudprecv.failed", bytes, path, e.getCause().getMessage()));
      }
      if (!r.intact()) {
        throw new CaseFailure(
            Messages.get(
                "rudprecv.not_intact",
                r.bytes(),
                r.sentSha256(),
                path,
                r.deliveredBytes(),
                r.deliveredSha256(),
                hint(ctx.spec().name())));
      }
      return new Transfer(
          r, path, Messages.get("rudprecv.ok", r.bytes(), path, r.retransmissions(), r.sent()));
    } finally {
      thread.shutdownNow();
    }
  }

  /** The case's size: its {@code kib} or {@code mib} parameter. */
  static long bytes(CaseContext ctx) {
    int mib = ctx.spec().intParam("mib", 0);
    return mib > 0 ? mib * 1024L * 1024 : ctx.spec().intParam("kib", 64) * 1024L;
  }

  /** What to fix, for a FIN-ACK that reported other bytes, by what the case impaired. */
  private static String hint(String caseName) {
    if (caseName.contains("duplicate")) {
      return Messages.get("rudprecv.hint_duplicate");
    }
    if (caseName.contains("corrupt")) {
      return Messages.get("rudprecv.hint_corrupt");
    }
    return caseName.contains("loss_reorder")
        ? Messages.get("rudprecv.hint_loss")
        : Messages.get("rudprecv.hint_clean");
  }
}
