package dev.netlab.udp.rudp.protocol;

import java.util.List;

/**
 * The sender's loss detection and recovery: which datagrams are lost (RACK, with its reordering
 * timer), whether a recovery is under way (fast, or after a timeout) and until when, and the
 * congestion window's cut, once per recovery. {@link RudpSender} resends what this marks lost in
 * its {@link SendBuffer}, and runs {@link #timerAt} with its other timers.
 */
final class LossRecovery {
  /**
   * Consecutive datagrams lost that count as a burst, the mark of a full queue: with independent
   * loss of 5% a run of three happens about once in 8,000 datagrams, a full queue drops whole runs.
   */
  static final int BURST = 3;

  /** Datagrams SACKed above a hole that mean "lost", as TCP's duplicate ACK threshold. */
  static final int DUP_THRESHOLD = 3;

  /** What recovery the sender is in: none, fast (RACK/SACK found a loss), or after a timeout. */
  private enum Phase {
    NONE,
    FAST,
    TIMEOUT
  }

  private final SendBuffer buffer;
  private final CongestionControl cc;
  private final RttEstimator rtt;
  private final SenderStats stats;
  private final boolean lossTolerant;
  private final Rack rack = new Rack();
  private final SendBuffer.Delivered delivered;

  private Phase phase = Phase.NONE;

  /** A recovery just started: its first retransmission goes whatever the pipe (RFC 6675 4.3). */
  private boolean fastRetransmit;

  private boolean decreasedThisRecovery;
  private long recoveryPoint;
  private long rackTimerAt = RudpSender.NEVER;

  /** The time of the ACK being handled, for {@link #delivered}. */
  private long clock;

  /**
   * @param lossTolerant halve the congestion window only for a burst of losses (see {@link
   *     #detectLoss})
   */
  LossRecovery(
      SendBuffer buffer,
      CongestionControl cc,
      RttEstimator rtt,
      SenderStats stats,
      boolean lossTolerant) {
    this.buffer = buffer;
    this.cc = cc;
    this.rtt = rtt;
    this.stats = stats;
    this.lossTolerant = lossTolerant;
    this.delivered =
        (seq, o) -> rack.delivered(seq, o.sentAt, o.retransmitted, clock, rtt.minRttNanos());
  }

  /**
   * Everything below {@code ack} arrived, told at {@code now}: lets those datagrams go, and ends a
   * recovery once everything sent before it is acknowledged.
   *
   * @return how many of those datagrams were not SACKed
   */
  long acknowledge(long ack, long now) {
    clock = now;
    long newly = buffer.acknowledge(ack, delivered);
    if (phase != Phase.NONE && ack > recoveryPoint) {
      if (phase == Phase.FAST && !decreasedThisRecovery) {
        stats.onIsolatedLoss();
      }
      phase = Phase.NONE;
    }
    return newly;
  }

  /** The receiver SACKed {@code blocks}, told at {@code now}; returns how many were new. */
  long sack(List<long[]> blocks, long now) {
    clock = now;
    return buffer.sack(blocks, delivered);
  }

  /**
   * Grows the congestion window for datagrams newly acknowledged and SACKed. RFC 5681/6675: no
   * growth in fast recovery; after a timeout, slow start from what is acknowledged; a recovery that
   * kept the window (--loss-tolerant) grows from cumulative ACKs.
   */
  void grow(long newlyAcked, long newlySacked) {
    long growth =
        switch (phase) {
          case NONE -> newlyAcked + newlySacked;
          case FAST -> decreasedThisRecovery ? 0 : newlyAcked;
          case TIMEOUT -> newlyAcked;
        };
    cc.onAck(growth);
  }

  /** Whether a recovery is under way. */
  boolean recovering() {
    return phase != Phase.NONE;
  }

  /** Whether the recovery under way began with a retransmission timeout. */
  boolean afterTimeout() {
    return phase == Phase.TIMEOUT;
  }

  /**
   * Loss detection, RACK-style (RFC 8985): a datagram sent before one that was delivered, and still
   * unacknowledged a round trip plus a reordering window after it was sent, is lost, whether it was
   * an original or a retransmission; one not yet that old sets the reordering timer. The first loss
   * starts a recovery, which lasts until everything sent before it is acknowledged.
   *
   * <p>The window is cut once per recovery (RFC 5681: once per loss event), to half the datagrams
   * in flight. With {@link RudpSender.Settings#lossTolerant} only a <em>burst</em> cuts it, three
   * or more consecutive datagrams lost, which is what a full queue does to a sender's burst, while
   * a datagram lost on its own (a noisy link, the relay's independent loss) is resent and the
   * window kept. See docs/rudp.md.
   */
  void detectLoss(long now) {
    rackTimerAt = RudpSender.NEVER;
    long reo =
        rack.reorderingWindow(
            phase != Phase.NONE, buffer.sacked(), rtt.minRttNanos(), rtt.srttNanos());
    boolean lost = false;
    for (long s = buffer.base(); s < buffer.next(); s++) {
      SendBuffer.Slot o = buffer.slot(s);
      if (o.sacked || o.lost || o.data == null) {
        continue;
      }
      long at = rack.lostAt(s, o.sentAt, reo);
      if (at <= now) {
        buffer.markLost(s);
        lost = true;
      } else if (at < rackTimerAt) {
        rackTimerAt = at;
      }
    }
    if (lost && phase == Phase.NONE) {
      stats.onFastRetransmit();
      fastRetransmit = true;
      phase = Phase.FAST;
      decreasedThisRecovery = false;
      recoveryPoint = buffer.next() - 1;
    }
    if (phase == Phase.FAST
        && !decreasedThisRecovery
        && (!lossTolerant || buffer.runMissing(BURST))) {
      cc.onLoss(buffer.outstanding());
      decreasedThisRecovery = true;
    }
  }

  /**
   * The retransmission timer fired with datagrams outstanding (selective repeat): the window
   * collapses (RFC 5681), a recovery starts, and the oldest datagram is marked lost.
   */
  void onTimeout() {
    SendBuffer.Slot first = buffer.slot(buffer.base());
    cc.onTimeout(buffer.outstanding(), first.resentByTimeout);
    first.resentByTimeout = true;
    phase = Phase.TIMEOUT;
    decreasedThisRecovery = true;
    recoveryPoint = buffer.next() - 1;
    // only the oldest, at once whatever the pipe (RFC 6298 5.4): a timeout after a stall of
    // the receiver (or of a busy machine) is often spurious, and the ACK of this one datagram
    // shows whether the rest arrived; if not, RACK finds them lost, since it was sent after
    // them. Presuming them all lost resent hundreds of delivered datagrams after each stall.
    buffer.markLost(buffer.oldestUnsacked());
    fastRetransmit = true;
  }

  /** Whether the next retransmission goes whatever the pipe: the first of a recovery. */
  boolean firstRetransmissionDue() {
    return fastRetransmit;
  }

  /** A datagram marked lost was resent. */
  void retransmitted() {
    fastRetransmit = false;
  }

  /** When RACK's reordering timer runs {@link #detectLoss}; {@link RudpSender#NEVER} if unset. */
  long timerAt() {
    return rackTimerAt;
  }

  /** Stops the reordering timer: nothing is outstanding any more. */
  void stopTimer() {
    rackTimerAt = RudpSender.NEVER;
  }
}
