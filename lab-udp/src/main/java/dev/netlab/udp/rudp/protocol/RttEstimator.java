package dev.netlab.udp.rudp.protocol;

import java.time.Duration;

/**
 * Round-trip time and retransmission timeout per RFC 6298: SRTT and RTTVAR from samples (never from
 * retransmitted datagrams: Karn's rule is the caller's), RTO = SRTT + max(G, 4 RTTVAR), 1 s before
 * the first sample, doubled on every timeout (backoff) up to {@link #MAX_RTO}.
 *
 * <p>Two deliberate differences, stated in docs/rudp.md: RFC 6298 rounds RTO up to 1 s, while on
 * loopback and in the lab's namespaces RTTs are microseconds, so the floor is {@code minRto}
 * (default 200 ms, Linux TCP's); and the backoff ends when new data is acknowledged ({@link
 * #progress}), as Linux does, not only with the next valid sample.
 */
public final class RttEstimator {
  /** RTO before any sample (RFC 6298 2.1). */
  public static final Duration INITIAL_RTO = Duration.ofSeconds(1);

  /** Upper bound on RTO (RFC 6298 2.5: "at least 60 seconds"). */
  public static final Duration MAX_RTO = Duration.ofSeconds(60);

  /** Clock granularity G: the event loop's timers are good to about a millisecond. */
  static final long GRANULARITY_NANOS = 1_000_000;

  private static final double ALPHA = 1.0 / 8;
  private static final double BETA = 1.0 / 4;
  private static final int K = 4;

  private final long minRtoNanos;
  private final long maxRtoNanos;
  private double srtt = -1;
  private double rttvar;

  /** RTO from the samples, before any backoff. */
  private long baseRto;

  /** RTO now: {@link #baseRto} doubled once per timeout since the last sample or progress. */
  private long rto;

  private long minRtt = Long.MAX_VALUE;
  private long samples;

  /** RTO with the RFC's 60 s upper bound. */
  public RttEstimator(Duration minRto) {
    this(minRto, MAX_RTO);
  }

  /**
   * @param minRto floor of the RTO (RFC 6298 says 1 s; see the class comment)
   * @param maxRto upper bound of the RTO, at least {@code minRto}
   */
  public RttEstimator(Duration minRto, Duration maxRto) {
    if (minRto.isNegative() || maxRto.compareTo(minRto) < 0) {
      throw new IllegalArgumentException(
          "RTO bounds: expected 0 <= min <= max; got min " + minRto + ", max " + maxRto);
    }
    this.minRtoNanos = minRto.toNanos();
    this.maxRtoNanos = maxRto.toNanos();
    this.baseRto = clamp(INITIAL_RTO.toNanos());
    this.rto = baseRto;
  }

  /** A round-trip sample, in nanoseconds, from a datagram that was sent only once. */
  public void sample(long rttNanos) {
    samples++;
    minRtt = Math.min(minRtt, rttNanos);
    if (srtt < 0) {
      srtt = rttNanos; // RFC 6298 2.2
      rttvar = rttNanos / 2.0;
    } else { // 2.3: RTTVAR first, with the old SRTT
      rttvar = (1 - BETA) * rttvar + BETA * Math.abs(srtt - rttNanos);
      srtt = (1 - ALPHA) * srtt + ALPHA * rttNanos;
    }
    baseRto = clamp(Math.round(srtt + Math.max(GRANULARITY_NANOS, K * rttvar)));
    rto = baseRto;
  }

  /** A timeout fired: wait twice as long next time (RFC 6298 5.5), at most {@code maxRto}. */
  public void backoff() {
    rto = clamp(rto > maxRtoNanos / 2 ? maxRtoNanos : rto * 2);
  }

  /**
   * New data was acknowledged: the path works again, so the backoff ends (as Linux does), even
   * before Karn's rule lets a new sample through. Without this, a lossy path where every window has
   * a retransmission would never bring the timeout down again.
   */
  public void progress() {
    rto = baseRto;
  }

  private long clamp(long nanos) {
    return Math.min(maxRtoNanos, Math.max(minRtoNanos, nanos));
  }

  /** The retransmission timeout now, backoff included. */
  public long rtoNanos() {
    return rto;
  }

  /** Smoothed RTT in nanoseconds, or -1 before any sample. */
  public long srttNanos() {
    return srtt < 0 ? -1 : Math.round(srtt);
  }

  public double srttMillis() {
    return Math.max(0, srtt) / 1e6;
  }

  public double rttvarMillis() {
    return rttvar / 1e6;
  }

  /** The smallest sample in nanoseconds, or -1 before any. */
  public long minRttNanos() {
    return samples == 0 ? -1 : minRtt;
  }

  public double minRttMillis() {
    return samples == 0 ? 0 : minRtt / 1e6;
  }

  public long samples() {
    return samples;
  }
}
