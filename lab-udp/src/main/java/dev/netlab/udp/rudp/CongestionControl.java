package dev.netlab.udp.rudp;

/**
 * The sender's congestion window, in datagrams: slow start doubles it every round trip until
 * ssthresh, then congestion avoidance adds one per round trip (additive increase); a loss found by
 * duplicate ACKs or SACK halves it (multiplicative decrease), a timeout sends it back to one.
 */
public final class CongestionControl {
  /** Initial window, like TCP's IW10 (RFC 6928). */
  public static final double INITIAL_WINDOW = 10;

  /** The window never shrinks below this after a loss. */
  public static final double MIN_SSTHRESH = 2;

  private final double max;
  private double cwnd = INITIAL_WINDOW;
  private double ssthresh = Double.MAX_VALUE;
  private long decreases;

  /**
   * @param max the window never grows past this (the sender's own cap on datagrams outstanding):
   *     growing further would only make the next decrease start from a number never used
   */
  public CongestionControl(double max) {
    this.max = Math.max(max, INITIAL_WINDOW);
  }

  /** {@code acked} datagrams were newly acknowledged. */
  public void onAck(long acked) {
    for (long i = 0; i < acked && cwnd < max; i++) {
      cwnd += cwnd < ssthresh ? 1 : 1 / cwnd;
    }
    cwnd = Math.min(cwnd, max);
  }

  /** A loss found without a timeout (fast retransmit): halve. */
  public void onLoss() {
    ssthresh = Math.max(cwnd / 2, MIN_SSTHRESH);
    cwnd = ssthresh;
    decreases++;
  }

  /** A retransmission timeout: nothing is known to be getting through, start over from one. */
  public void onTimeout() {
    ssthresh = Math.max(cwnd / 2, MIN_SSTHRESH);
    cwnd = 1;
    decreases++;
  }

  public double window() {
    return cwnd;
  }

  public double ssthresh() {
    return ssthresh;
  }

  public long decreases() {
    return decreases;
  }
}
