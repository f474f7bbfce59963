package dev.netlab.udp.rudp.protocol;

import dev.netlab.udp.rudp.wire.RudpMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A finished transfer, from the sender's side with the receiver's FIN-ACK figures.
 *
 * @param payloadSize payload bytes per datagram (the MSS of the Mathis prediction)
 * @param fastRetransmits recoveries started without a timeout (RACK, SACK)
 * @param probes tail-loss probes sent (RFC 8985)
 * @param staleAcks ACKs older than one already seen, whose window was ignored
 * @param portUnreachable ICMP port unreachables the socket reported
 * @param ssthresh slow start threshold at the end (infinite if nothing was ever lost)
 * @param deliveredDatagrams datagrams the receiver delivered
 */
public record RudpResult(
    RudpMode mode,
    long bytes,
    long datagrams,
    int payloadSize,
    double seconds,
    long sent,
    long retransmissions,
    long timeouts,
    long fastRetransmits,
    long probes,
    long isolatedLosses,
    long acks,
    long staleAcks,
    long portUnreachable,
    double srttMs,
    double rttvarMs,
    double minRttMs,
    double cwnd,
    double maxCwnd,
    double ssthresh,
    String sentSha256,
    long deliveredBytes,
    long deliveredDatagrams,
    long lost,
    long late,
    long duplicates,
    long reordered,
    String deliveredSha256,
    AfterOmit afterOmit) {

  /**
   * The transfer after its first {@code omitted} seconds (iperf3's --omit): {@code datagrams} and
   * {@code bytes} delivered in the {@code seconds} that followed.
   */
  public record AfterOmit(double omitted, long datagrams, long bytes, double seconds) {
    public double goodputBitsPerSecond() {
      return seconds <= 0 ? 0 : bytes * 8 / seconds;
    }

    public double datagramsPerSecond() {
      return seconds <= 0 ? 0 : datagrams / seconds;
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("omitted_seconds", omitted);
      m.put("datagrams", datagrams);
      m.put("bytes", bytes);
      m.put("seconds", seconds);
      m.put("datagrams_per_second", Math.round(datagramsPerSecond()));
      m.put("goodput_bits_per_second", Math.round(goodputBitsPerSecond()));
      return m;
    }
  }

  /** The receiver got exactly the bytes sent. */
  public boolean intact() {
    return deliveredBytes == bytes && deliveredSha256.equals(sentSha256);
  }

  /** Bytes delivered per second, in bits. */
  public double goodputBitsPerSecond() {
    return seconds <= 0 ? 0 : deliveredBytes * 8 / seconds;
  }

  /** Datagrams sent (retransmissions included) per datagram the receiver delivered. */
  public double sentPerDelivered() {
    return deliveredDatagrams == 0 ? 0 : (double) sent / deliveredDatagrams;
  }

  /** The share of datagrams sent that were retransmissions: the loss rate the sender saw. */
  public double retransmissionShare() {
    return sent == 0 ? 0 : (double) retransmissions / sent;
  }

  /**
   * The Mathis et al. (1997) prediction for a TCP-like sender on this path, in Mbit/s: MSS / RTT x
   * 1.22 / sqrt(p), with the payload size, SRTT and p = {@link #retransmissionShare}; null when
   * nothing was lost or no round trip was measured (the formula then predicts no limit), and for
   * the modes without congestion control (sequenced, gbn).
   */
  public Double mathisMbps() {
    double p = retransmissionShare();
    if (mode != RudpMode.RELIABLE || p <= 0 || srttMs <= 0) {
      return null;
    }
    return payloadSize * 8 / (srttMs / 1e3) * MATHIS_C / Math.sqrt(p) / 1e6;
  }

  /** The constant of the Mathis formula: sqrt(3/2), for ACKs that each acknowledge one segment. */
  static final double MATHIS_C = 1.22;

  public String summary() {
    String after =
        afterOmit == null
            ? ""
            : String.format(
                Locale.ROOT,
                "; after the first %s (omitted): %d datagrams in %.3f s (%.0f/s), goodput %.2f"
                    + " Mbit/s",
                afterOmit.omitted() < 1
                    ? String.format(Locale.ROOT, "%.0f ms", afterOmit.omitted() * 1e3)
                    : String.format(Locale.ROOT, "%.1f s", afterOmit.omitted()),
                afterOmit.datagrams(),
                afterOmit.seconds(),
                afterOmit.datagramsPerSecond(),
                afterOmit.goodputBitsPerSecond() / 1e6);
    Double mathis = mathisMbps();
    String prediction =
        mathis == null
            ? ""
            : String.format(
                Locale.ROOT,
                "; Mathis predicts %.2f Mbit/s (MSS %d B / srtt x 1.22 / sqrt(p), p = %.2f%%"
                    + " retransmitted)",
                mathis,
                payloadSize,
                retransmissionShare() * 100);
    String head =
        String.format(
            Locale.ROOT,
            "%s: %d of %d bytes delivered in %.3f s (goodput %.2f Mbit/s); %d datagrams sent for"
                + " %d, %.2f sent per datagram delivered",
            mode,
            deliveredBytes,
            bytes,
            seconds,
            goodputBitsPerSecond() / 1e6,
            sent,
            datagrams,
            sentPerDelivered());
    // each mode prints what means something in it: sequenced resends nothing and has no window,
    // Go-Back-N's window is fixed; only reliable mode has congestion control and fast recovery
    String body =
        switch (mode) {
          case SEQUENCED ->
              String.format(
                  Locale.ROOT,
                  " (nothing resent); receiver: %d lost (never arrived), %d late (arrived after"
                      + " being skipped), %d duplicates, %d reordered",
                  lost,
                  late,
                  duplicates,
                  reordered);
          case GBN ->
              String.format(
                  Locale.ROOT,
                  " (%d retransmitted after %d timeouts, each resending the whole window);"
                      + " receiver: %d duplicates, %d reordered; srtt %.3f ms, rttvar %.3f ms,"
                      + " min %.3f ms",
                  retransmissions,
                  timeouts,
                  duplicates,
                  reordered,
                  srttMs,
                  rttvarMs,
                  minRttMs);
          case RELIABLE ->
              String.format(
                  Locale.ROOT,
                  " (%d retransmitted: %d fast recoveries, %d probes, %d timeouts; %d isolated"
                      + " losses kept the window); receiver: %d duplicates, %d reordered;"
                      + " srtt %.3f ms, rttvar %.3f ms, min %.3f ms; cwnd %.1f (max %.1f)%s",
                  retransmissions,
                  fastRetransmits,
                  probes,
                  timeouts,
                  isolatedLosses,
                  duplicates,
                  reordered,
                  srttMs,
                  rttvarMs,
                  minRttMs,
                  cwnd,
                  maxCwnd,
                  prediction);
        };
    return head + body + after;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.toString());
    m.put("bytes", bytes);
    m.put("datagrams", datagrams);
    m.put("seconds", seconds);
    m.put("goodput_bits_per_second", Math.round(goodputBitsPerSecond()));
    m.put("sent", sent);
    m.put("sent_per_delivered", sentPerDelivered());
    m.put("retransmissions", retransmissions);
    m.put("retransmission_share", retransmissionShare());
    // null where the figure means nothing in this mode (see summary)
    boolean reliable = mode == RudpMode.RELIABLE;
    m.put("fast_retransmits", reliable ? fastRetransmits : null);
    m.put("probes", reliable ? probes : null);
    m.put("timeouts", mode == RudpMode.SEQUENCED ? null : timeouts);
    m.put("isolated_losses", reliable ? isolatedLosses : null);
    m.put("acks", acks);
    m.put("stale_acks", staleAcks);
    m.put("port_unreachable", portUnreachable);
    m.put("srtt_ms", mode == RudpMode.SEQUENCED ? null : srttMs);
    m.put("rttvar_ms", mode == RudpMode.SEQUENCED ? null : rttvarMs);
    m.put("min_rtt_ms", mode == RudpMode.SEQUENCED ? null : minRttMs);
    m.put("cwnd", reliable ? cwnd : null);
    m.put("max_cwnd", reliable ? maxCwnd : null);
    m.put("ssthresh", reliable && !Double.isInfinite(ssthresh) ? ssthresh : null);
    m.put("mathis_mbps", reliable ? mathisMbps() : null);
    m.put("receiver_lost", lost);
    m.put("receiver_late", late);
    m.put("receiver_duplicates", duplicates);
    m.put("receiver_reordered", reordered);
    m.put("delivered_bytes", deliveredBytes);
    m.put("delivered_datagrams", deliveredDatagrams);
    m.put("sha256_sent", sentSha256);
    m.put("sha256_delivered", deliveredSha256);
    m.put("intact", intact());
    if (afterOmit != null) {
      m.put("after_omit", afterOmit.toJson());
    }
    return m;
  }
}
