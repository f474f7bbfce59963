package dev.netlab.tcp.bulk;

import dev.netlab.tcp.TcpInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one transfer, seen from the sender.
 *
 * @param sentSha256 hex SHA-256 of what was sent, or null when not hashing
 * @param report what the sink said it received
 * @param tcpInfo the kernel's TCP_INFO after the last byte was acknowledged (epoll only)
 */
public record SendResult(
    long bytesSent,
    double seconds,
    String sentSha256,
    TransferReport report,
    Optional<TcpInfo> tcpInfo) {

  /** Whether the sink got exactly what was sent: same count and, when both hashed, same hash. */
  public boolean intact() {
    boolean sameCount = report.bytes() == bytesSent;
    if (sentSha256 == null || report.sha256() == null) {
      return sameCount;
    }
    return sameCount && sentSha256.equals(report.sha256());
  }

  /** Whether both ends hashed, so that {@link #intact} compared contents, not only counts. */
  public boolean compared() {
    return sentSha256 != null && report.sha256() != null;
  }

  public double bitsPerSecond() {
    return bytesSent * 8 / Math.max(seconds, 1e-9);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes_sent", bytesSent);
    m.put("bytes_received", report.bytes());
    m.put("seconds", seconds);
    m.put("bits_per_second", Math.round(bitsPerSecond()));
    m.put("sha256_sent", sentSha256);
    m.put("sha256_received", report.sha256());
    m.put("bytes_match", report.bytes() == bytesSent);
    // null: the contents were not compared (--no-hash on either end)
    m.put("intact", compared() ? intact() : null);
    tcpInfo.ifPresent(i -> m.put("tcp_info", i.toJson()));
    return m;
  }
}
