package dev.netlab.udp.rudp.protocol;

/**
 * RACK's state (RFC 8985 6.2): the send time of the most recently sent datagram known delivered,
 * and the round trip it took. A datagram sent before that one and still unacknowledged after that
 * round trip plus a reordering window is lost; this finds lost retransmissions as well as lost
 * originals, without counting duplicate ACKs.
 */
final class Rack {
  /** No datagram delivered yet. */
  static final long NONE = Long.MIN_VALUE;

  /** RACK.xmit_ts: send time of the most recently sent datagram delivered. */
  private long xmitTs = NONE;

  /** Its sequence number: breaks ties between datagrams sent in the same instant. */
  private long seq = -1;

  /** RACK.rtt: its round trip, in nanoseconds. */
  private long rtt;

  /** The highest sequence number delivered so far (RACK.fack). */
  private long fack = -1;

  /** Whether a datagram sent once arrived after a higher one (RACK.reord). */
  private boolean reordering;

  /**
   * Datagram {@code s}, last sent at {@code sentAt}, was delivered (acknowledged or SACKed) at
   * {@code now} (RFC 8985 6.2 steps 1-3).
   *
   * @param retransmitted whether it was sent more than once
   * @param minRtt the smallest round trip measured, -1 if none: an ACK of a retransmitted datagram
   *     that came back faster than that was for the original, and says nothing of the resend
   */
  void delivered(long s, long sentAt, boolean retransmitted, long now, long minRtt) {
    if (!retransmitted && s < fack) {
      reordering = true;
    }
    fack = Math.max(fack, s);
    if (retransmitted && minRtt >= 0 && now - sentAt < minRtt) {
      return;
    }
    if (sentAfter(sentAt, s)) {
      xmitTs = sentAt;
      seq = s;
      rtt = now - sentAt;
    }
  }

  /** Whether a datagram {@code s} sent at {@code sentAt} went out after the newest delivered. */
  private boolean sentAfter(long sentAt, long s) {
    return xmitTs == NONE || sentAt > xmitTs || (sentAt == xmitTs && s > seq);
  }

  /**
   * When datagram {@code s}, sent at {@code sentAt} and not delivered, counts as lost: {@link
   * Long#MAX_VALUE} while nothing sent after it was delivered.
   */
  long lostAt(long s, long sentAt, long reorderingWindow) {
    if (xmitTs == NONE || sentAfter(sentAt, s) || sentAt == xmitTs && s == seq) {
      return Long.MAX_VALUE;
    }
    return sentAt + rtt + reorderingWindow;
  }

  /**
   * RACK.reo_wnd (RFC 8985 6.2 step 4): none in recovery or once {@code sacked} reaches the
   * duplicate threshold, unless reordering was seen; else a quarter of the minimum RTT, at most
   * SRTT.
   */
  long reorderingWindow(boolean inRecovery, long sacked, long minRtt, long srtt) {
    if (!reordering && (inRecovery || sacked >= LossRecovery.DUP_THRESHOLD)) {
      return 0;
    }
    return minRtt < 0 ? 0 : Math.min(minRtt / 4, Math.max(0, srtt));
  }

  boolean reorderingSeen() {
    return reordering;
  }
}
