package dev.netlab.udp.rudp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A finished transfer, from the sender's side with the receiver's FIN-ACK figures. */
public record RudpResult(
    RudpMode mode,
    long bytes,
    long datagrams,
    double seconds,
    long sent,
    long retransmissions,
    long timeouts,
    long fastRetransmits,
    long isolatedLosses,
    long acks,
    double srttMs,
    double rttvarMs,
    double minRttMs,
    double cwnd,
    double maxCwnd,
    String sentSha256,
    long deliveredBytes,
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
    return String.format(
        Locale.ROOT,
        "%s: %d of %d bytes delivered in %.3f s (goodput %.2f Mbit/s); %d datagrams sent for %d"
            + " (%d retransmitted: %d fast, %d timeouts; %d isolated losses kept the window);"
            + " receiver: %d lost, %d late, %d duplicates, %d reordered;"
            + " srtt %.3f ms, rttvar %.3f ms, min %.3f ms; cwnd %.1f (max %.1f)%s",
        mode,
        deliveredBytes,
        bytes,
        seconds,
        goodputBitsPerSecond() / 1e6,
        sent,
        datagrams,
        retransmissions,
        fastRetransmits,
        timeouts,
        isolatedLosses,
        lost,
        late,
        duplicates,
        reordered,
        srttMs,
        rttvarMs,
        minRttMs,
        cwnd,
        maxCwnd,
        after);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.toString());
    m.put("bytes", bytes);
    m.put("datagrams", datagrams);
    m.put("seconds", seconds);
    m.put("goodput_bits_per_second", Math.round(goodputBitsPerSecond()));
    m.put("sent", sent);
    m.put("retransmissions", retransmissions);
    m.put("fast_retransmits", fastRetransmits);
    m.put("timeouts", timeouts);
    m.put("isolated_losses", isolatedLosses);
    m.put("acks", acks);
    m.put("srtt_ms", srttMs);
    m.put("rttvar_ms", rttvarMs);
    m.put("min_rtt_ms", minRttMs);
    m.put("cwnd", cwnd);
    m.put("max_cwnd", maxCwnd);
    m.put("receiver_lost", lost);
    m.put("receiver_late", late);
    m.put("receiver_duplicates", duplicates);
    m.put("receiver_reordered", reordered);
    m.put("delivered_bytes", deliveredBytes);
    m.put("sha256_sent", sentSha256);
    m.put("sha256_delivered", deliveredSha256);
    m.put("intact", intact());
    if (afterOmit != null) {
      m.put("after_omit", afterOmit.toJson());
    }
    return m;
  }
}
