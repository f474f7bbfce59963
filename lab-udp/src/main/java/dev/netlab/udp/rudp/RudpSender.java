package dev.netlab.udp.rudp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The sending side of one connection, without sockets: all methods run on one thread (the channel's
 * event loop), take the current time, and hand packets to {@code transmit}.
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
   */
  public record Settings(int window, Duration minRto, Duration deadAfter, long rate) {}

  /** SYN payload: total bytes (8), payload size (2), total datagrams (4). */
  static final int SYN_PAYLOAD = 14;

  /** Retransmissions that fit in the dead-peer time at the largest backoff. */
  static final int MIN_TRIES = 20;

  /** Duplicate ACKs (or datagrams SACKed above a hole) that mean "lost", as in TCP. */
  static final int DUP_THRESHOLD = 3;

  private final long id;
  private final RudpMode mode;
  private final RudpSource source;
  private final int payloadSize;
  private final Settings settings;
  private final Consumer<RudpPacket> transmit;
  private final RttEstimator rtt;
  private final CongestionControl cc = new CongestionControl();
  private final Outstanding[] ring;
  private final int mask;
  private final ArrayDeque<Long> retransmitQueue = new ArrayDeque<>();
  private final long total;
  private final CompletableFuture<RudpResult> result = new CompletableFuture<>();

  private State state = State.SYN_SENT;
  private long base;
  private long nextSeq;
  private long peerWindow = 1;
  private long highestSacked = -1;

  /** Outstanding datagrams (at or above base) the receiver already SACKed. */
  private long sackedOutstanding;

  private int dupAcks;
  private boolean inRecovery;
  private long recoveryPoint;
  private long deadline;
  private boolean controlRetransmitted;
  private long controlSentAt;
  private long lastHeard;
  private long startedAt;
  private long establishedAt;
  private long sent;
  private long retransmissions;
  private long timeouts;
  private long fastRetransmits;
  private long acks;
  private double maxCwnd;
  private long sampleSentAt;
  private long deliveredSentAt = Long.MIN_VALUE;
  private String sentSha256;

  private static final class Outstanding {
    byte[] data;
    long sentAt;
    boolean retransmitted;
    boolean sacked;
    boolean lostMarked;
  }

  public RudpSender(
      long id,
      RudpMode mode,
      RudpSource source,
      int payloadSize,
      Settings settings,
      Consumer<RudpPacket> transmit) {
    this.id = id;
    this.mode = mode;
    this.source = source;
    this.payloadSize = payloadSize;
    this.settings = settings;
    this.transmit = transmit;
    // backoff stops at a twentieth of the dead-peer time: twenty tries before giving up, so only
    // a peer that is really gone (or a path losing nearly everything) ends a transfer
    this.rtt = new RttEstimator(settings.minRto(), settings.deadAfter().dividedBy(MIN_TRIES));
    this.total = source.datagrams();
    int capacity = Integer.highestOneBit(Math.max(2, settings.window()) * 2 - 1);
    this.ring = new Outstanding[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < capacity; i++) {
      ring[i] = new Outstanding();
    }
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
    sendSyn(now, false);
  }

  private void sendSyn(long now, boolean again) {
    byte[] p =
        ByteBuffer.allocate(SYN_PAYLOAD)
            .putLong(source.length())
            .putShort((short) payloadSize)
            .putInt((int) total)
            .array();
    transmit.accept(
        new RudpPacket(RudpCodec.TYPE_SYN, mode.code(), id, 0, 0, settings.window(), List.of(), p));
    control(now, again);
  }

  private void control(long now, boolean again) {
    controlRetransmitted |= again;
    controlSentAt = now;
    deadline = now + rtt.rtoNanos();
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
          peerWindow = p.window();
          state = State.ESTABLISHED;
          establishedAt = now;
          deadline = 0;
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

  private void onAck(RudpPacket p, long now) {
    if (state != State.ESTABLISHED) {
      return;
    }
    acks++;
    if (mode == RudpMode.SEQUENCED) {
      return; // feedback only: the peer is alive; nothing is resent
    }
    peerWindow = p.window();
    long newlyDone = 0;
    sampleSentAt = -1;
    if (p.ack() > base && p.ack() <= nextSeq) {
      for (long s = base; s < p.ack(); s++) {
        Outstanding o = ring[(int) (s & mask)];
        if (o.sacked) {
          sackedOutstanding--;
        } else {
          newlyDone++;
          considerSample(o);
        }
        o.data = null;
      }
      base = p.ack();
      dupAcks = 0;
      rtt.progress();
      if (inRecovery && base > recoveryPoint) {
        inRecovery = false;
      }
      deadline = base < nextSeq ? now + rtt.rtoNanos() : 0;
    } else if (p.ack() == base && base < nextSeq) {
      dupAcks++;
    }
    if (mode == RudpMode.RELIABLE) {
      newlyDone += applySack(p.sack());
    }
    if (sampleSentAt >= 0) {
      rtt.sample(now - sampleSentAt);
    }
    if (mode == RudpMode.RELIABLE) {
      cc.onAck(newlyDone);
      maxCwnd = Math.max(maxCwnd, cc.window());
      detectLoss(now);
    }
  }

  /**
   * RTT samples come from datagrams this ACK is the first to acknowledge (cumulatively or by SACK)
   * and that were sent only once (Karn's rule); of those, the most recently sent. A datagram SACKed
   * earlier and now covered by the cumulative ACK would give a sample inflated by the whole loss
   * recovery.
   */
  private void considerSample(Outstanding o) {
    deliveredSentAt = Math.max(deliveredSentAt, o.sentAt);
    if (!o.retransmitted) {
      sampleSentAt = Math.max(sampleSentAt, o.sentAt);
    }
  }

  private long applySack(List<long[]> blocks) {
    long newly = 0;
    for (long[] b : blocks) {
      for (long s = Math.max(b[0], base); s < Math.min(b[1], nextSeq); s++) {
        Outstanding o = ring[(int) (s & mask)];
        if (!o.sacked) {
          o.sacked = true;
          sackedOutstanding++;
          newly++;
          considerSample(o);
        }
        highestSacked = Math.max(highestSacked, s);
      }
    }
    return newly;
  }

  /**
   * Loss detection. Entering recovery (and halving the window, once per round trip) takes three
   * duplicate ACKs or three datagrams SACKed above a hole, as TCP's fast retransmit; then every
   * hole below the highest SACKed datagram is resent. A retransmission that is itself lost is found
   * the way RACK (RFC 8985) finds it: datagrams sent after it were delivered and more than 5/4 of
   * an RTT has passed, so it is resent without waiting for a timeout.
   */
  private void detectLoss(long now) {
    if (!inRecovery && (dupAcks >= DUP_THRESHOLD || sackedOutstanding >= DUP_THRESHOLD)) {
      cc.onLoss();
      fastRetransmits++;
      inRecovery = true;
      recoveryPoint = nextSeq - 1;
    }
    if (!inRecovery) {
      return;
    }
    long lostAfter = Math.round(rtt.srttMillis() * 1e6 * 5 / 4);
    for (long s = base; s < highestSacked && s < nextSeq; s++) {
      Outstanding o = ring[(int) (s & mask)];
      if (o.sacked || o.lostMarked || o.data == null) {
        continue;
      }
      // a hole below SACKed data; or a retransmission that should have been answered by now
      // while later datagrams were (RACK's idea): lost again
      boolean lostRetransmission =
          o.retransmitted && o.sentAt < deliveredSentAt && now - o.sentAt > lostAfter;
      if (!o.retransmitted || lostRetransmission) {
        o.lostMarked = true;
        retransmitQueue.add(s);
      }
    }
  }

  private void onFinAck(RudpPacket p, long now) {
    if (state != State.FIN_SENT) {
      return;
    }
    RudpReceiver.FinAck fin;
    try {
      fin = RudpReceiver.FinAck.decode(p.payload());
    } catch (RudpFormatException e) {
      fail("the receiver's FIN-ACK is malformed: " + e.getMessage());
      return;
    }
    state = State.DONE;
    result.complete(
        new RudpResult(
            mode,
            source.length(),
            total,
            (now - establishedAt) / 1e9,
            sent,
            retransmissions,
            timeouts,
            fastRetransmits,
            acks,
            rtt.srttMillis(),
            rtt.rttvarMillis(),
            rtt.minRttMillis(),
            cc.window(),
            maxCwnd,
            sentSha256,
            fin.bytes(),
            fin.lost(),
            fin.late(),
            HexFormat.of().formatHex(fin.sha256())));
  }

  /** Sends what the window allows; {@code canWrite} says whether the socket takes more now. */
  public void pump(long now, BooleanSupplier canWrite) {
    if (state != State.ESTABLISHED) {
      return;
    }
    while (!retransmitQueue.isEmpty() && canWrite.getAsBoolean()) {
      long s = retransmitQueue.poll();
      Outstanding o = ring[(int) (s & mask)];
      if (s >= base && o.data != null && !o.sacked) {
        resend(s, o, now);
      }
    }
    while (nextSeq < total && canWrite.getAsBoolean() && windowOpen(now)) {
      byte[] data;
      try {
        data = source.next();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Outstanding o = ring[(int) (nextSeq & mask)];
      if (mode != RudpMode.SEQUENCED) {
        o.data = data;
      }
      o.sentAt = now;
      o.retransmitted = false;
      o.sacked = false;
      o.lostMarked = false;
      transmit.accept(RudpPacket.data(id, nextSeq, 0, 0, data));
      sent++;
      nextSeq++;
      if (deadline == 0 && mode != RudpMode.SEQUENCED) {
        deadline = now + rtt.rtoNanos();
      }
    }
    if (nextSeq == total && sentSha256 == null) {
      sentSha256 = source.sha256();
    }
    boolean allAcked = mode == RudpMode.SEQUENCED ? nextSeq == total : base == total;
    if (allAcked) {
      state = State.FIN_SENT;
      controlRetransmitted = false;
      sendFin(now, false);
    }
  }

  private boolean windowOpen(long now) {
    long outstanding = nextSeq - base;
    return switch (mode) {
      case SEQUENCED ->
          settings.rate() == 0
              || nextSeq < (now - establishedAt) * settings.rate() / 1_000_000_000L + 1;
      case GBN -> outstanding < Math.min(settings.window(), Math.max(1, peerWindow));
      case RELIABLE ->
          outstanding < settings.window()
              && outstanding - sackedOutstanding < Math.min(cc.window(), Math.max(1, peerWindow));
    };
  }

  private void resend(long s, Outstanding o, long now) {
    o.retransmitted = true;
    o.lostMarked = false;
    o.sentAt = now;
    retransmissions++;
    sent++;
    transmit.accept(RudpPacket.data(id, s, 0, 0, o.data));
  }

  private void sendFin(long now, boolean again) {
    transmit.accept(RudpPacket.control(RudpCodec.TYPE_FIN, 0, id, total, 0, 0));
    control(now, again);
  }

  /** Timers: retransmission timeout, SYN/FIN retries, a dead peer. Called every millisecond. */
  public void tick(long now) {
    if (state == State.DONE || state == State.FAILED) {
      return;
    }
    if (now - lastHeard > settings.deadAfter().toNanos()) {
      fail(
          "no answer from the receiver for "
              + settings.deadAfter().toSeconds()
              + " s ("
              + (state == State.SYN_SENT
                  ? "SYN never answered: is 'lab udp receive' running?"
                  : "it stopped answering mid-transfer")
              + ")");
      return;
    }
    if (deadline == 0 || now < deadline) {
      return;
    }
    rtt.backoff();
    timeouts++;
    log.debug(
        "timeout in {}: base {} next {} of {}, rto {} ms, cwnd {}, queued {}, silent {} ms",
        state,
        base,
        nextSeq,
        total,
        rtt.rtoNanos() / 1_000_000,
        cc.window(),
        retransmitQueue.size(),
        (now - lastHeard) / 1_000_000);
    switch (state) {
      case SYN_SENT -> sendSyn(now, true);
      case FIN_SENT -> sendFin(now, true);
      case ESTABLISHED -> {
        if (base >= nextSeq) {
          deadline = 0;
          return;
        }
        if (mode == RudpMode.GBN) {
          retransmitQueue.clear();
          for (long s = base; s < nextSeq; s++) {
            retransmitQueue.add(s); // go back N: everything outstanding again
          }
        } else {
          cc.onTimeout();
          inRecovery = false;
          for (long s = base; s < nextSeq; s++) {
            ring[(int) (s & mask)].lostMarked = false;
          }
          ring[(int) (base & mask)].lostMarked = true;
          retransmitQueue.addFirst(base);
        }
        deadline = now + rtt.rtoNanos();
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
    return mode == RudpMode.SEQUENCED ? nextSeq : base;
  }

  public long total() {
    return total;
  }

  public double cwnd() {
    return cc.window();
  }
}
