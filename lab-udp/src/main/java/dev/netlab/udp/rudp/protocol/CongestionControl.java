package dev.netlab.udp.rudp.protocol;

/**
 * The sender's congestion window, in datagrams, per RFC 5681: slow start adds one for every
 * datagram acknowledged (doubling the window every round trip) until ssthresh, then congestion
 * avoidance adds 1/cwnd per datagram (one per round trip: additive increase). A loss event sets
 * ssthresh to half the datagrams in flight (FlightSize, not cwnd) and continues from there
 * (multiplicative decrease); a retransmission timeout does the same and restarts from one datagram.
 * The caller decides what one loss event is (once per recovery, see {@link RudpSender}).
 */
public final class CongestionControl {
  /** Initial window, like TCP's IW10 (RFC 6928). */
  public static final double INITIAL_WINDOW = 10;

  /** ssthresh never goes below this (RFC 5681's 2*SMSS). */
  public static final double MIN_SSTHRESH = 2;

  /** The window after a retransmission timeout (RFC 5681's loss window, one segment). */
  public static final double LOSS_WINDOW = 1;

  private final double max;
  private double cwnd = INITIAL_WINDOW;
  private double ssthresh = Double.POSITIVE_INFINITY;
  private long decreases;

  /**
   * @param max the window never grows past this (the sender's own cap on datagrams outstanding):
   *     growing further would only make the next decrease start from a number never used
   */
  public CongestionControl(double max) {
    this.max = Math.max(max, INITIAL_WINDOW);
  }

  /** {@code acked} datagrams were newly acknowledged (cumulatively or by SACK). */
  public void onAck(long acked) {
    for (long i = 0; i < acked; i++) {
      cwnd = Math.min(max, cwnd + (cwnd < ssthresh ? 1 : 1 / cwnd));
    }
  }

  /**
   * A loss found without a timeout (fast retransmit, RACK): ssthresh = max(FlightSize / 2, 2), and
   * the window continues from there (RFC 5681 (4), RFC 6675). Call once per loss event.
   *
   * @param flightSize datagrams sent and not yet cumulatively acknowledged
   */
  public void onLoss(long flightSize) {
    ssthresh = halve(flightSize);
    cwnd = ssthresh;
    decreases++;
  }

  /**
   * A retransmission timeout: nothing is known to be getting through, start over from one datagram.
   * ssthresh is set only on the first timeout of a datagram: when the retransmission it sent times
   * out too, FlightSize is the one datagram resent and halving it would leave ssthresh at 2 (RFC
   * 5681 3.1: "has not yet been resent by way of the retransmission timer").
   *
   * @param flightSize datagrams sent and not yet cumulatively acknowledged
   * @param again whether the datagram that timed out was already resent by a timeout
   */
  public void onTimeout(long flightSize, boolean again) {
    if (!again) {
      ssthresh = halve(flightSize);
      decreases++;
    }
    cwnd = LOSS_WINDOW;
  }

  private static double halve(long flightSize) {
    return Math.max(flightSize / 2.0, MIN_SSTHRESH);
  }

  public double window() {
    return cwnd;
  }

  /** Slow start threshold; infinite until the first loss. */
  public double ssthresh() {
    return ssthresh;
  }

  /** Times the window was decreased (loss events and first timeouts). */
  public long decreases() {
    return decreases;
  }
}
