package dev.netlab.udp.rudp;

import java.time.Duration;

/**
 * Round-trip time and retransmission timeout per RFC 6298: SRTT and RTTVAR from samples (never from
 * retransmitted datagrams: Karn's rule is the caller's), RTO = SRTT + max(G, 4 RTTVAR), doubled on
 * every timeout (backoff) until a new sample arrives.
 *
 * <p>Two deliberate differences, stated in docs/rudp.md: RFC 6298 rounds RTO up to 1 s, while on
 * loopback and in the lab's namespaces RTTs are microseconds, so the floor is {@code minRto}
 * (default 200 ms, Linux TCP's); and backoff stops after {@link #MAX_BACKOFFS} doublings (8 times
 * the RTO), so that on a path losing half of everything each try still comes within a second or so
 * of the last, instead of waiting out ever longer timeouts.
 */
public final class RttEstimator {
  /** RTO before any sample (RFC 6298 2.1). */
  public static final Duration INITIAL_RTO = Duration.ofSeconds(1);

  /** Upper bound on RTO (RFC 6298 2.5 allows 60 s). */
  public static final Duration MAX_RTO = Duration.ofSeconds(60);

  /** Doublings of the RTO at most, however many timeouts in a row. */
  static final int MAX_BACKOFFS = 3;

  /** Clock granularity G: our timer ticks every millisecond. */
  static final long GRANULARITY_NANOS = 1_000_000;

  private static final double ALPHA = 1.0 / 8;
  private static final double BETA = 1.0 / 4;
  private static final int K = 4;

  private final long minRtoNanos;
  private final long maxRtoNanos;
  private double srtt = -1;
  private double rttvar;
  private long baseRto;
  private int backoffs;
  private long minRtt = Long.MAX_VALUE;
  private long samples;

  /**
   * @param maxRto backoff stops here; a sender keeps it well below its dead-peer time so it retries
   *     several times before giving up
   */
  public RttEstimator(Duration minRto, Duration maxRto) {
    this.minRtoNanos = minRto.toNanos();
    this.maxRtoNanos = Math.min(MAX_RTO.toNanos(), Math.max(minRtoNanos, maxRto.toNanos()));
    this.baseRto = clamp(INITIAL_RTO.toNanos());
  }

  /** A round-trip sample, in nanoseconds, from a datagram that was sent only once. */
  public void sample(long rttNanos) {
    samples++;
    minRtt = Math.min(minRtt, rttNanos);
    if (srtt < 0) {
      srtt = rttNanos;
      rttvar = rttNanos / 2.0;
    } else {
      rttvar = (1 - BETA) * rttvar + BETA * Math.abs(srtt - rttNanos);
      srtt = (1 - ALPHA) * srtt + ALPHA * rttNanos;
    }
    baseRto = clamp(Math.round(srtt + Math.max(GRANULARITY_NANOS, K * rttvar)));
    backoffs = 0;
  }

  /** A timeout fired: wait twice as long next time (RFC 6298 5.5). */
  public void backoff() {
    if (rtoNanos() < maxRtoNanos && backoffs < MAX_BACKOFFS) {
      backoffs++;
    }
  }

  /**
   * New data was acknowledged: the path works again, so the backoff ends (as Linux does), even
   * before Karn's rule lets a new sample through. Without this, a lossy path where every window has
   * a retransmission would never bring the timeout down again.
   */
  public void progress() {
    backoffs = 0;
  }

  private long clamp(long nanos) {
    return Math.min(maxRtoNanos, Math.max(minRtoNanos, nanos < 0 ? maxRtoNanos : nanos));
  }

  public long rtoNanos() {
    return clamp(baseRto << backoffs);
  }

  public double srttMillis() {
    return srtt < 0 ? 0 : srtt / 1e6;
  }

  public double rttvarMillis() {
    return rttvar / 1e6;
  }

  public double minRttMillis() {
    return samples == 0 ? 0 : minRtt / 1e6;
  }

  public long samples() {
    return samples;
  }
}
