package dev.netlab.udp.rudp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
   * @param reno halve the congestion window for every loss, as TCP Reno, not only for bursts
   * @param omit leave this first part of the transfer out of the "after omit" figures (like iperf3
   *     --omit): both ends' JVMs compile their code meanwhile; zero for none
   */
  public record Settings(
      int window, Duration minRto, Duration deadAfter, long rate, boolean reno, Duration omit) {
    /** Loss-tolerant congestion control (see {@link #detectLoss}), nothing omitted. */
    public Settings(int window, Duration minRto, Duration deadAfter, long rate) {
      this(window, minRto, deadAfter, rate, false, Duration.ZERO);
    }

    /** Nothing omitted. */
    public Settings(int window, Duration minRto, Duration deadAfter, long rate, boolean reno) {
      this(window, minRto, deadAfter, rate, reno, Duration.ZERO);
    }
  }

  /** SYN payload: total bytes (8), payload size (2), total datagrams (4). */
  static final int SYN_PAYLOAD = 14;

  /** Retransmissions that fit in the dead-peer time at the largest backoff. */
  static final int MIN_TRIES = 20;

  /**
   * Consecutive datagrams lost that count as a burst, the mark of a full queue: with independent
   * loss of 5% a run of three happens about once in 8,000 datagrams, a full queue drops whole runs.
   */
  static final int BURST = 3;

  /** Round trips a resent datagram may go unanswered in recovery before it is resent again. */
  static final int REPROBE_RTTS = 3;

  /** ... but never sooner than this after it was resent. */
  static final Duration REPROBE_MIN = Duration.ofMillis(5);

  /** Duplicate ACKs (or datagrams SACKed above a hole) that mean "lost", as in TCP. */
  static final int DUP_THRESHOLD = 3;

  private final long id;
  private final RudpMode mode;
  private final RudpSource source;
  private final int payloadSize;
  private final Settings settings;
  private final ByteBufAllocator alloc;
  private final Consumer<ByteBuf> transmit;
  private final RttEstimator rtt;
  private final CongestionControl cc;
  private final Outstanding[] ring;
  private final int mask;
  private final ArrayDeque<Long> retransmitQueue = new ArrayDeque<>();

  /** Buffers of acknowledged datagrams, free for new ones (see {@link #release}). */
  private final ArrayDeque<ByteBuf> spare = new ArrayDeque<>();

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
  private boolean decreasedThisRecovery;
  private long isolatedLosses;
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
  private long deliveredSentAt = Long.MIN_VALUE;
  private String sentSha256;

  /** When {@link Settings#omit} ended (0: not yet), and {@link #progress} then. */
  private long omitEndedAt;

  private long progressAtOmitEnd;

  /** A datagram sent and not yet acknowledged: kept whole (header, CRC) to be sent again. */
  private static final class Outstanding {
    ByteBuf data;
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
      ByteBufAllocator alloc,
      Consumer<ByteBuf> transmit) {
    this.id = id;
    this.mode = mode;
    this.source = source;
    this.payloadSize = payloadSize;
    this.settings = settings;
    this.alloc = alloc;
    this.transmit = transmit;
    // backoff stops at a twentieth of the dead-peer time: twenty tries before giving up, so only
    // a peer that is really gone (or a path losing nearly everything) ends a transfer
    this.rtt = new RttEstimator(settings.minRto(), settings.deadAfter().dividedBy(MIN_TRIES));
    this.total = source.datagrams();
    this.cc = new CongestionControl(settings.window());
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
    send(
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
          rtt.progress(); // the path works: no backoff carried from lost SYNs into the data
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
    long sample = rttSample(p.seq(), now);
    if (p.ack() > base && p.ack() <= nextSeq) {
      for (long s = base; s < p.ack(); s++) {
        Outstanding o = ring[(int) (s & mask)];
        if (o.sacked) {
          sackedOutstanding--;
        } else {
          newlyDone++;
          delivered(o);
        }
        release(o);
      }
      base = p.ack();
      dupAcks = 0;
      rtt.progress();
      if (inRecovery && base > recoveryPoint) {
        inRecovery = false;
        if (!decreasedThisRecovery) {
          isolatedLosses++;
        }
      }
      deadline = base < nextSeq ? now + rtt.rtoNanos() : 0;
    } else if (p.ack() == base && base < nextSeq) {
      dupAcks++;
    }
    if (mode == RudpMode.RELIABLE) {
      newlyDone += applySack(p.sack());
    }
    if (sample >= 0) {
      rtt.sample(sample);
    }
    if (mode == RudpMode.RELIABLE) {
      cc.onAck(newlyDone);
      maxCwnd = Math.max(maxCwnd, cc.window());
      detectLoss(now);
    }
  }

  /**
   * The RTT sample an ACK gives, or -1: the time since the datagram it echoes (the newest arrival
   * that caused it) was sent, if that datagram was sent only once (Karn's rule) and is not yet
   * acknowledged. Sampling every datagram an ACK newly acknowledges instead gave, on a path that
   * loses ACKs, "round trips" as long as the wait for the next ACK to get through, and RTOs of
   * seconds.
   */
  private long rttSample(long echo, long now) {
    if (echo < base || echo >= nextSeq) {
      return -1;
    }
    Outstanding o = ring[(int) (echo & mask)];
    return o.retransmitted || o.sacked || o.data == null ? -1 : now - o.sentAt;
  }

  /** For RACK: the send time of the most recently sent datagram known delivered. */
  private void delivered(Outstanding o) {
    deliveredSentAt = Math.max(deliveredSentAt, o.sentAt);
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
          delivered(o);
        }
        highestSacked = Math.max(highestSacked, s);
      }
    }
    return newly;
  }

  /**
   * Loss detection. Entering recovery takes three duplicate ACKs or three datagrams SACKed above a
   * hole, as TCP's fast retransmit; then every hole below the highest SACKed datagram is resent. A
   * retransmission that is itself lost is found the way RACK (RFC 8985) finds it: datagrams sent
   * after it were delivered and more than 5/4 of an RTT has passed, so it is resent without waiting
   * for a timeout.
   *
   * <p>Whether the window halves (once per recovery, so once per round trip at most) depends on
   * {@link Settings#reno}: Reno halves for every loss; by default only a <em>burst</em> halves it,
   * three or more consecutive datagrams lost, which is what a full queue does to a sender's burst,
   * while a datagram lost on its own (what a noisy link, or the relay's independent loss, does) is
   * resent and the window kept. See docs/rudp.md.
   */
  private void detectLoss(long now) {
    if (!inRecovery && (dupAcks >= DUP_THRESHOLD || sackedOutstanding >= DUP_THRESHOLD)) {
      fastRetransmits++;
      inRecovery = true;
      decreasedThisRecovery = false;
      recoveryPoint = nextSeq - 1;
    }
    if (!inRecovery) {
      return;
    }
    if (!decreasedThisRecovery && (settings.reno() || burstLost())) {
      cc.onLoss();
      decreasedThisRecovery = true;
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

  /**
   * A resent datagram that is lost again, while the window is full of datagrams waiting behind it,
   * leaves nothing new to send, so no later datagram can show (RACK-style) that it was lost: every
   * millisecond, a resent datagram unanswered for {@link #REPROBE_RTTS} round trips (at least
   * {@link #REPROBE_MIN}) is resent again, without touching the window. Without this, such a
   * datagram waited for the retransmission timeout, and each timeout cost a window of one.
   */
  private void probeRetransmissions(long now) {
    long after = Math.max(REPROBE_MIN.toNanos(), Math.round(rtt.srttMillis() * 1e6 * REPROBE_RTTS));
    for (long s = base; s < highestSacked && s < nextSeq; s++) {
      Outstanding o = ring[(int) (s & mask)];
      if (o.retransmitted
          && !o.sacked
          && !o.lostMarked
          && o.data != null
          && now - o.sentAt > after) {
        o.lostMarked = true;
        retransmitQueue.add(s);
      }
    }
  }

  /** Whether {@link #BURST} consecutive datagrams below the highest SACKed one are all missing. */
  private boolean burstLost() {
    int run = 0;
    for (long s = base; s < highestSacked && s < nextSeq; s++) {
      Outstanding o = ring[(int) (s & mask)];
      run = !o.sacked && o.data != null ? run + 1 : 0;
      if (run >= BURST) {
        return true;
      }
    }
    return false;
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
            isolatedLosses,
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
            fin.duplicates(),
            fin.reordered(),
            HexFormat.of().formatHex(fin.sha256()),
            afterOmit(fin.bytes(), now)));
  }

  /**
   * The figures for the part of the transfer after {@link Settings#omit}, or null (nothing omitted,
   * or the transfer ended first). Datagrams are those acknowledged in order after it (sequenced
   * mode: sent after it; its bytes are then scaled by the share the receiver got overall, since the
   * sender cannot know which of them arrived).
   */
  private RudpResult.AfterOmit afterOmit(long deliveredBytes, long now) {
    if (omitEndedAt == 0) {
      return null;
    }
    long datagrams = total - progressAtOmitEnd;
    long bytes =
        mode == RudpMode.SEQUENCED
            ? Math.round((double) deliveredBytes * datagrams / Math.max(1, total))
            : source.length() - Math.min(source.length(), progressAtOmitEnd * payloadSize);
    return new RudpResult.AfterOmit(
        settings.omit().toNanos() / 1e9, datagrams, bytes, (now - omitEndedAt) / 1e9);
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
      ByteBuf d = spare.isEmpty() ? alloc.directBuffer(datagramSize()) : spare.pop().clear();
      int start = RudpCodec.writeDataHeader(d, id, nextSeq);
      try {
        source.next(d);
      } catch (IOException e) {
        d.release();
        throw new UncheckedIOException(e);
      }
      RudpCodec.seal(d, start);
      Outstanding o = ring[(int) (nextSeq & mask)];
      release(o); // (the slot's last datagram was acknowledged long ago)
      o.sentAt = now;
      o.retransmitted = false;
      o.sacked = false;
      o.lostMarked = false;
      if (mode == RudpMode.SEQUENCED) {
        transmit.accept(d); // never sent again: nothing to keep
      } else {
        o.data = d;
        transmit.accept(d.retainedDuplicate());
      }
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
    transmit.accept(o.data.retainedDuplicate());
  }

  private void sendFin(long now, boolean again) {
    send(RudpPacket.control(RudpCodec.TYPE_FIN, 0, id, total, 0, 0));
    control(now, again);
  }

  private void send(RudpPacket p) {
    ByteBuf b = alloc.buffer(RudpCodec.HEADER_LENGTH + p.payload().length);
    RudpCodec.encode(p, b);
    transmit.accept(b);
  }

  /**
   * Lets go of an acknowledged datagram. Its buffer is kept for a later datagram when nothing else
   * holds it any more (every copy handed to the socket was sent): allocating a buffer for each
   * datagram cost the event loop about a tenth of its time at full speed.
   */
  private void release(Outstanding o) {
    if (o.data == null) {
      return;
    }
    if (o.data.refCnt() == 1 && o.data.capacity() >= datagramSize() && spare.size() < ring.length) {
      spare.push(o.data);
    } else {
      o.data.release();
    }
    o.data = null;
  }

  private int datagramSize() {
    return RudpCodec.HEADER_LENGTH + payloadSize;
  }

  /** Lets go of every datagram still kept for retransmission; call once the transfer is over. */
  public void close() {
    for (Outstanding o : ring) {
      if (o.data != null) {
        o.data.release();
        o.data = null;
      }
    }
    while (!spare.isEmpty()) {
      spare.pop().release();
    }
  }

  /** Timers: retransmission timeout, SYN/FIN retries, a dead peer. Called every millisecond. */
  public void tick(long now) {
    if (state == State.DONE || state == State.FAILED) {
      return;
    }
    if (omitEndedAt == 0
        && state == State.ESTABLISHED
        && !settings.omit().isZero()
        && now - establishedAt >= settings.omit().toNanos()) {
      omitEndedAt = now;
      progressAtOmitEnd = progress();
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
    if (inRecovery && mode == RudpMode.RELIABLE && state == State.ESTABLISHED) {
      probeRetransmissions(now);
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

  /** The smoothed round-trip time so far, in milliseconds (0 before any sample). */
  public double srttMillis() {
    return rtt.srttMillis();
  }

  public double cwnd() {
    return cc.window();
  }
}
