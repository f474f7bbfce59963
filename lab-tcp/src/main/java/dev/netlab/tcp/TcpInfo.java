package dev.netlab.tcp;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's own view of a TCP connection (Linux {@code getsockopt(TCP_INFO)}), read through
 * Netty's epoll transport: round-trip estimate, congestion window and retransmission counters.
 *
 * @param rttMicros smoothed RTT, microseconds
 * @param rttVarMicros RTT variation, microseconds
 * @param congestionWindow congestion window, in segments
 * @param mss sender's maximum segment size, bytes
 * @param retransmits retransmissions of the segment now outstanding
 * @param totalRetransmits segments retransmitted over the connection's life
 * @param lost segments the kernel currently considers lost
 */
public record TcpInfo(
    long rttMicros,
    long rttVarMicros,
    long congestionWindow,
    long mss,
    int retransmits,
    long totalRetransmits,
    long lost) {

  /** Reads TCP_INFO; empty on a transport that cannot (NIO) or a closed socket. */
  public static Optional<TcpInfo> of(Channel channel) {
    if (!(channel instanceof EpollSocketChannel epoll) || !epoll.isOpen()) {
      return Optional.empty();
    }
    EpollTcpInfo i = epoll.tcpInfo();
    return Optional.of(
        new TcpInfo(
            i.rtt(),
            i.rttvar(),
            i.sndCwnd(),
            i.sndMss(),
            i.retransmits(),
            i.totalRetrans(),
            i.lost()));
  }

  /** One line for people. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "rtt %.3f ms, rttvar %.3f ms, cwnd %d segments of %d bytes, retransmits now %d,"
            + " retransmitted in total %d",
        rttMicros / 1000.0,
        rttVarMicros / 1000.0,
        congestionWindow,
        mss,
        retransmits,
        totalRetransmits);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rtt_us", rttMicros);
    m.put("rttvar_us", rttVarMicros);
    m.put("snd_cwnd", congestionWindow);
    m.put("snd_mss", mss);
    m.put("retransmits", retransmits);
    m.put("total_retrans", totalRetransmits);
    m.put("lost", lost);
    return m;
  }
}
