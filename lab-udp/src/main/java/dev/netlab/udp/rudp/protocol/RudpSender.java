package dev.netlab.udp.rudp.protocol;

import dev.netlab.common.payload.ReadAhead;
import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpFormatException;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The sending side of one connection, without sockets: all methods run on one thread (the channel's
 * event loop), take the current time, and hand packets to {@code transmit}. Nothing here blocks:
 * timers are deadlines ({@link #nextDeadline}) the caller schedules, and {@link #tick} runs them.
 *
 * <p>Handshake: SYN (with the mode and the transfer's size), answered by SYN-ACK; data; FIN,
 * answered by FIN-ACK with the receiver's byte count and SHA-256. See docs/rudp.md.
 */
public final class RudpSender {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RudpSender.class);

  /** The connection's states. */
  public enum State {
    SYN_SENT,
    ESTABLISHED,
    FIN_SENT,
    DONE,
    FAILED
  }

  /**
   * @param window most datagrams outstanding (GBN's fixed window; reliable's cap on cwnd)
   * @param minRto floor of the retransmission timeout
   * @param deadAfter give up when nothing at all comes back for this long
   * @param rate sequenced mode: datagrams per second, 0 for as fast as the socket takes them
   * @param lossTolerant halve the congestion window only for a burst of losses, not for a datagram
   *     lost on its own (the default is RFC 5681's: once for every loss event)
   * @param omit leave this first part of the transfer out of the "after omit" figures (like iperf3
   *     --omit): both ends' JVMs compile their code meanwhile; zero for none
   */
  public record Settings(
      int window,
      Duration minRto,
      Duration deadAfter,
      long rate,
      boolean lossTolerant,
      Duration omit) {
    /** RFC 5681 congestion control, nothing omitted. */
    public Settings(int window, Duration minRto, Duration deadAfter, long rate) {
      this(window, minRto, deadAfter, rate, false, Duration.ZERO);
    }

    /** Nothing omitted. */
    public Settings(
        int window, Duration minRto, Duration deadAfter, long rate, boolean lossTolerant) {
      this(window, minRto, deadAfter, rate, lossTolerant, Duration.ZERO);
    }
  }

  /**
   * ICMP port unreachables in SYN_SENT that end the transfer: the third comes about 2 s after the
   * first SYN (a SYN goes every second until answered), time enough to start a receiver that was
   * late.
   */
  static final int PORT_UNREACHABLE_LIMIT = 3;

  /** Floor of the probe timeout: the event loop's timers are good to about a millisecond. */
  static final long MIN_PTO_NANOS = RttEstimator.GRANULARITY_NANOS;

  /**
   * Doublings of the probe interval at most: probes go at least every 8 SRTT while the receiver is
   * silent. The relay's loss bursts last a number of datagrams, not a time: a sender that sends
   * ever fewer datagrams stays inside a burst ever longer.
   */
  static final int MAX_PROBE_BACKOFF = 2;

  /** Sequenced mode at a --rate: datagrams go in bursts this far apart, not one timer each. */
  static final long PACING_NANOS = 1_000_000;

  /** A deadline that is not set. */
  public static final long NEVER = Long.MAX_VALUE;

  private final long id;
  private final RudpMode mode;
  private final ReadAhead source;
  private final int payloadSize;
  private final Settings settings;
  private final ByteBufAllocator alloc;
  private final Consumer<ByteBuf> transmit;
  private final RttEstimator rtt;
  private final CongestionControl cc;
  private final SendBuffer buffer;
  private final LossRecovery recovery;
  private final SenderStats stats;

  private final long total;

  /** What the SYN announces: the transfer's size, payload size and datagram count. */
  private final SynPayload syn;

  private final CompletableFuture<RudpResult> result = new CompletableFuture<>();

  private State state = State.SYN_SENT;
  private long peerWindow = 1;

  /** The highest cumulative ACK seen (TCP's SND.WL2): an ACK below it is stale. */
  private long windowAck;

  private long rtoDeadline = NEVER;
  private long probeAt = NEVER;
  private int probeBackoff;
  private boolean controlRetransmitted;
  private long controlSentAt;
  private long lastHeard;

  private long startedAt;
  private long establishedAt;

  public RudpSender(
      long id,
      RudpMode mode,
      ReadAhead source,
      int payloadSize,
      Settings settings,
      ByteBufAllocator alloc,
      Consumer<ByteBuf> transmit) {
    this.id = id;
    this.mode = mode;
    this.source = source;
    this.payloadSize = payloadSize;
    this.settings = settings;
    this.alloc = alloc;
    this.transmit = transmit;
    this.rtt = new RttEstimator(settings.minRto());
    // refuses, up front, a transfer whose 32-bit sequence numbers would wrap
    this.syn = SynPayload.of(source.length(), payloadSize);
    this.total = syn.datagrams();
    this.cc = new CongestionControl(settings.window());
    this.buffer = new SendBuffer(settings.window(), RudpCodec.HEADER_LENGTH + payloadSize);
    this.stats =
        new SenderStats(mode, source.length(), total, payloadSize, settings.omit(), rtt, cc);
    this.recovery = new LossRecovery(buffer, cc, rtt, stats, settings.lossTolerant());
  }

  public CompletableFuture<RudpResult> result() {
    return result;
  }

  public State state() {
    return state;
  }

  /** Sends SYN. */
  public void start(long now) {
    startedAt = now;
    lastHeard = now;
    sendSyn();
    control(now, false);
  }

  private void sendSyn() {
    send(RudpPacket.syn(id, mode, settings.window(), syn));
  }

  private void control(long now, boolean again) {
    controlRetransmitted |= again;
    controlSentAt = now;
    rtoDeadline = now + rtt.rtoNanos();
    probeAt = NEVER;
    armProbe(now);
  }

  /** Handles one packet from the receiver (already checked: this connection's id, valid CRC). */
  public void onPacket(RudpPacket p, long now) {
    lastHeard = now;
    switch (p.type()) {
      case RudpCodec.TYPE_SYN_ACK -> {
        if (state == State.SYN_SENT) {
          if (!controlRetransmitted) {
            rtt.sample(now - controlSentAt);
          }
          rtt.progress(); // the path works: no backoff carried from lost SYNs into the data
          peerWindow = p.window();
          state = State.ESTABLISHED;
          establishedAt = now;
          rtoDeadline = NEVER;
          probeAt = NEVER;
        }
      }
      case RudpCodec.TYPE_ACK -> onAck(p, now);
      case RudpCodec.TYPE_FIN_ACK -> onFinAck(p, now);
      case RudpCodec.TYPE_RST -> fail("the receiver reset the connection");
      default -> {
        // SYN, DATA, FIN are never sent to a sender: ignore
      }
    }
  }

  /**
   * The kernel reported an ICMP port unreachable for this socket: nobody listens at the receiver's
   * port. Before the handshake, the {@link #PORT_UNREACHABLE_LIMIT}th ends the transfer; later, the
   * dead-peer time does (and its message says the port closed).
   */
  public void onPortUnreachable(long now) {
    long portUnreachable = stats.onPortUnreachable();
    if (state == State.SYN_SENT && portUnreachable >= PORT_UNREACHABLE_LIMIT) {
      fail(
          "the receiver's port is closed (ICMP port unreachable, "
              + portUnreachable
              + " times): is 'lab udp receive' running there?");
    }
  }

  private void onAck(RudpPacket p, long now) {
    if (state != State.ESTABLISHED) {
      return;
    }
    stats.onAck();
    if (mode == RudpMode.SEQUENCED) {
      return; // feedback only: the peer is alive; nothing is resent
    }
    long ack = p.ack();
    if (ack > buffer.next()) {
      return; // acknowledges what was never sent
    }
    // the window of an ACK older than one already seen (reordered on the way) is out of date:
    // TCP's SND.WL1/WL2 rule, with the cumulative ack as the only order an ACK has here
    if (ack >= windowAck) {
      windowAck = ack;
      peerWindow = p.window();
    } else {
      stats.onStaleAck();
    }
    long sample = rttSample(p.seq(), now);
    long newlyAcked = 0;
    boolean progressed = ack > buffer.base();
    if (progressed) {
      newlyAcked = acknowledge(ack, now);
    }
    long newlySacked = mode == RudpMode.RELIABLE ? recovery.sack(p.sack(), now) : 0;
    if (sample >= 0) {
      rtt.sample(sample);
    }
    if (mode != RudpMode.RELIABLE) {
      return;
    }
    recovery.grow(newlyAcked, newlySacked);
    stats.onCwnd(cc.window());
    if (progressed || newlySacked > 0) {
      probeBackoff = 0;
      probeAt = NEVER;
      armProbe(now);
    }
    if (buffer.sacked() > 0 || recovery.recovering()) {
      recovery.detectLoss(now);
    }
  }

  /** Everything below {@code ack} arrived; returns how many of those datagrams were not SACKed. */
  private long acknowledge(long ack, long now) {
    long newly = recovery.acknowledge(ack, now);
    rtt.progress();
    rtoDeadline = buffer.outstanding() > 0 ? now + rtt.rtoNanos() : NEVER;
    return newly;
  }

  /**
   * The RTT sample an ACK gives, or -1: the time since the datagram it echoes (the newest arrival
   * that caused it) was sent, if that datagram was sent only once (Karn's rule) and is not yet
   * acknowledged. Sampling every datagram an ACK newly acknowledges instead gave, on a path that
   * loses ACKs, "round trips" as long as the wait for the next ACK to get through, and RTOs of
   * seconds.
   */
  private long rttSample(long echo, long now) {
    if (echo < buffer.base() || echo >= buffer.next()) {
      return -1;
    }
    SendBuffer.Slot o = buffer.slot(echo);
    return o.retransmitted || o.sacked || o.data == null ? -1 : now - o.sentAt;
  }

  /**
   * Arms the tail-loss probe (RFC 8985 7.2) if it is not armed: two smoothed round trips from now,
   * doubled for each probe since the last ACK, at most {@link #MAX_PROBE_BACKOFF} times.
   */
  private void armProbe(long now) {
    if (probeAt != NEVER) {
      return;
    }
    switch (state) {
      case SYN_SENT, FIN_SENT -> probeAt = now + pto(); // no backoff: see probeControl
      case ESTABLISHED -> {
        if (mode == RudpMode.RELIABLE && buffer.outstanding() > 0) {
          probeAt = now + (pto() << Math.min(probeBackoff, MAX_PROBE_BACKOFF));
        }
      }
      default -> {}
    }
  }

  private long pto() {
    long srtt = rtt.srttNanos();
    return srtt < 0 ? RttEstimator.INITIAL_RTO.toNanos() : Math.max(MIN_PTO_NANOS, 2 * srtt);
  }

  /**
   * The probe timer fired: no ACK for two round trips. Sends one new datagram if there is one (and
   * room for it), else resends the highest unacknowledged one (RFC 8985 7.3), so that its ACK
   * shows, RACK-style, what else was lost. After a timeout it resends the oldest instead, the one
   * the cumulative ACK waits for. Unlike RFC 8985, which sends one probe and then waits for the
   * RTO, the probe repeats, at 2, 4, then every 8 SRTT, for as long as the receiver is silent,
   * timeouts or not: on the lab's paths a round trip is a fraction of a millisecond and the RTO at
   * least 200 ms, doubling with each timeout, and a probe costs one datagram while a timeout costs
   * the window. Without this, through the relay's loss bursts (counted in datagrams) a run of six
   * failed timeouts backed the RTO off past the dead-peer time, and the transfer failed.
   */
  private void probe(long now) {
    probeAt = NEVER;
    if (state == State.SYN_SENT || state == State.FIN_SENT) {
      probeControl(now);
      return;
    }
    if (state != State.ESTABLISHED || buffer.outstanding() == 0) {
      return;
    }
    stats.onProbe();
    boolean sentNew =
        !recovery.afterTimeout()
            && buffer.next() < total
            && buffer.outstanding() < settings.window()
            && buffer.outstanding() - buffer.sacked() < Math.max(1, peerWindow)
            && sendNew(now);
    if (!sentNew) {
      resend(recovery.afterTimeout() ? buffer.oldestUnsacked() : buffer.highestUnsacked(), now);
    }
    probeBackoff++;
    armProbe(now);
  }

  /**
   * SYN or FIN unanswered for a probe interval (2 SRTT, or 1 s before any round trip was measured):
   * sent again, without touching the retransmission timer, whose backoff goes on. At 50% loss both
   * ways three of four exchanges fail, and SYNs on a doubling RTO alone (0, 1, 3, 7 s) failed one
   * transfer in three within a 10 s dead-peer time; FINs backed off past it.
   */
  private void probeControl(long now) {
    stats.onProbe();
    if (state == State.SYN_SENT) {
      sendSyn();
    } else {
      sendFin();
    }
    controlRetransmitted = true;
    armProbe(now);
  }

  private void onFinAck(RudpPacket p, long now) {
    if (state != State.FIN_SENT) {
      return;
    }
    FinAck fin;
    try {
      fin = FinAck.decode(p.payload());
    } catch (RudpFormatException e) {
      fail("the receiver's FIN-ACK is malformed: " + e.getMessage());
      return;
    }
    state = State.DONE;
    rtoDeadline = NEVER;
    RudpResult.AfterOmit after = stats.afterOmit(fin.bytes(), now);
    double seconds = (now - establishedAt) / 1e9;
    // every payload was hashed before it was sent: the digest is ready, or nearly
    source
        .sha256()
        .whenComplete(
            (sha, e) -> {
              if (e != null) {
                result.completeExceptionally(new RudpException(e.getMessage()));
              } else {
                result.complete(stats.result(fin, seconds, sha, after));
              }
            });
  }

  /** Sends what the window allows; {@code canWrite} says whether the socket takes more now. */
  public void pump(long now, BooleanSupplier canWrite) {
    if (state != State.ESTABLISHED) {
      return;
    }
    while (buffer.anyLost()
        && canWrite.getAsBoolean()
        && (mode != RudpMode.RELIABLE
            || recovery.firstRetransmissionDue()
            || buffer.pipe() < cc.window())) {
      long s = buffer.pollLost();
      if (s >= 0) {
        resend(s, now);
        recovery.retransmitted();
      }
    }
    while (buffer.next() < total && canWrite.getAsBoolean() && windowOpen(now) && sendNew(now)) {
      // one more datagram
    }
    if (state != State.ESTABLISHED) {
      return; // the source failed
    }
    boolean allAcked = mode == RudpMode.SEQUENCED ? buffer.next() == total : buffer.base() == total;
    if (allAcked) {
      state = State.FIN_SENT;
      controlRetransmitted = false;
      probeAt = NEVER;
      recovery.stopTimer();
      sendFin();
      control(now, false);
    }
  }

  /** Sends the next new datagram; false when the source has none ready yet (or failed). */
  private boolean sendNew(long now) {
    ByteBuf d = buffer.buffer(alloc);
    int start = RudpCodec.writeDataHeader(d, id, buffer.next());
    int n;
    try {
      n = source.next(d);
    } catch (IOException e) {
      d.release();
      fail(e.getMessage());
      return false;
    }
    if (n < 0) {
      buffer.unused(d);
      return false;
    }
    RudpCodec.seal(d, start);
    if (mode == RudpMode.SEQUENCED) {
      buffer.sent(null, now);
      transmit.accept(d); // never sent again: nothing to keep
    } else {
      buffer.sent(d, now);
      transmit.accept(d.retainedDuplicate());
    }
    stats.onSent();
    if (mode != RudpMode.SEQUENCED) {
      if (rtoDeadline == NEVER) {
        rtoDeadline = now + rtt.rtoNanos();
      }
      armProbe(now);
    }
    return true;
  }

  private boolean windowOpen(long now) {
    long outstanding = buffer.outstanding();
    return switch (mode) {
      case SEQUENCED -> settings.rate() == 0 || now >= paceAt();
      case GBN -> outstanding < Math.min(settings.window(), Math.max(1, peerWindow));
      case RELIABLE ->
          outstanding < settings.window()
              && outstanding - buffer.sacked() < Math.max(1, peerWindow)
              && buffer.pipe() < cc.window();
    };
  }

  /** Sequenced mode: when the next datagram may go, at {@link Settings#rate}. */
  private long paceAt() {
    return establishedAt + buffer.next() * 1_000_000_000L / settings.rate();
  }

  private void resend(long seq, long now) {
    stats.onRetransmission();
    transmit.accept(buffer.resent(buffer.slot(seq), now, alloc));
  }

  private void sendFin() {
    send(RudpPacket.fin(id, total));
  }

  private void send(RudpPacket p) {
    transmit.accept(RudpCodec.encode(p, alloc));
  }

  /**
   * Lets go of every datagram still kept for retransmission and closes the source (the sender owns
   * it); call once the transfer is over.
   */
  public void close() {
    buffer.close();
    source.close();
  }

  /**
   * When {@link #tick} next has something to do, on {@code now}'s clock: a retransmission timeout,
   * a probe, RACK's reordering timer, the dead-peer time, the end of --omit, or (sequenced mode at
   * a --rate) the next datagram's turn; {@link #NEVER} when the transfer is over.
   */
  public long nextDeadline(long now) {
    if (state == State.DONE || state == State.FAILED) {
      return NEVER;
    }
    long at = lastHeard + settings.deadAfter().toNanos();
    at = Math.min(at, rtoDeadline);
    at = Math.min(at, probeAt);
    at = Math.min(at, recovery.timerAt());
    if (state == State.ESTABLISHED) {
      at = Math.min(at, stats.omitEndsAt(establishedAt));
      if (mode == RudpMode.SEQUENCED && settings.rate() > 0 && buffer.next() < total) {
        at = Math.min(at, Math.max(paceAt(), now + PACING_NANOS));
      }
    }
    return at;
  }

  /** Runs the timers that are due: call at {@link #nextDeadline}, then {@link #pump}. */
  public void tick(long now) {
    if (state == State.DONE || state == State.FAILED) {
      return;
    }
    if (state == State.ESTABLISHED) {
      stats.endOmitIfDue(now, establishedAt, progress());
    }
    if (now - lastHeard >= settings.deadAfter().toNanos()) {
      fail(deadPeer());
      return;
    }
    if (recovery.timerAt() <= now) {
      recovery.detectLoss(now);
    }
    if (rtoDeadline <= now) {
      timeout(now);
    } else if (probeAt <= now) {
      probe(now);
    }
  }

  private String deadPeer() {
    String why;
    if (state == State.SYN_SENT) {
      why = "SYN never answered: is 'lab udp receive' running?";
    } else if (stats.portUnreachable() > 0) {
      why = "it stopped answering mid-transfer; its port is closed (ICMP port unreachable)";
    } else {
      why = "it stopped answering mid-transfer";
    }
    return "no answer from the receiver for "
        + settings.deadAfter().toSeconds()
        + " s ("
        + why
        + ")";
  }

  /** The retransmission timer fired (RFC 6298 5.4-5.6). */
  private void timeout(long now) {
    rtt.backoff();
    stats.onTimeout();
    log.debug(
        "timeout in {}: base {} next {} of {}, rto {} ms, cwnd {}, silent {} ms",
        state,
        buffer.base(),
        buffer.next(),
        total,
        rtt.rtoNanos() / 1_000_000,
        cc.window(),
        (now - lastHeard) / 1_000_000);
    switch (state) {
      case SYN_SENT -> {
        sendSyn();
        control(now, true);
      }
      case FIN_SENT -> {
        sendFin();
        control(now, true);
      }
      case ESTABLISHED -> {
        rtoDeadline = NEVER;
        if (buffer.outstanding() == 0) {
          return;
        }
        buffer.clearLost();
        if (mode == RudpMode.GBN) {
          for (long s = buffer.base(); s < buffer.next(); s++) {
            buffer.markLost(s); // go back N: everything outstanding again
          }
        } else {
          recovery.onTimeout();
        }
        rtoDeadline = now + rtt.rtoNanos();
        probeAt = NEVER;
        probeBackoff = 0;
        armProbe(now);
      }
      default -> {}
    }
  }

  private void fail(String why) {
    state = State.FAILED;
    result.completeExceptionally(new RudpException(why));
  }

  /** Nanoseconds since {@link #start}. */
  public long elapsed(long now) {
    return now - startedAt;
  }

  /** Progress for a progress bar: datagrams acknowledged (or sent, in sequenced mode). */
  public long progress() {
    return mode == RudpMode.SEQUENCED ? buffer.next() : buffer.base();
  }

  public long total() {
    return total;
  }

  /** The smoothed round-trip time so far, in milliseconds (0 before any sample). */
  public double srttMillis() {
    return rtt.srttMillis();
  }

  public double cwnd() {
    return cc.window();
  }

  /** Slow start threshold (infinite before the first loss). */
  public double ssthresh() {
    return cc.ssthresh();
  }

  /** Retransmission timeouts so far. */
  public long timeouts() {
    return stats.timeouts();
  }

  /** The retransmission timeout now, backoff included, in nanoseconds. */
  public long rtoNanos() {
    return rtt.rtoNanos();
  }
}
