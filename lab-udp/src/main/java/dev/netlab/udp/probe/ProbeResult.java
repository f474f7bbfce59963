package dev.netlab.udp.probe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A probe run seen from the sender.
 *
 * @param sent datagrams the kernel took (writes it refused are not counted)
 * @param sendErrors sends (or reads) the kernel failed, e.g. after ICMP port unreachable
 * @param firstError the first such error's message, or null
 * @param firstErrorAfter datagrams sent successfully before the first error
 * @param report the receiver's figures, or null if none came back
 */
public record ProbeResult(
    long sent,
    long bytesSent,
    double seconds,
    long sendErrors,
    String firstError,
    long firstErrorAfter,
    long warmUpSent,
    ProbeReport report) {

  public double sendRate() {
    return seconds <= 0 ? 0 : sent / seconds;
  }

  /** What the receiver got, per second of sending; 0 without its report. */
  public double goodputBitsPerSecond() {
    return report == null || seconds <= 0 ? 0 : report.bytes() * 8 / seconds;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", sent);
    m.put("bytes_sent", bytesSent);
    m.put("seconds", seconds);
    m.put("datagrams_per_second", Math.round(sendRate()));
    m.put("goodput_bits_per_second", Math.round(goodputBitsPerSecond()));
    m.put("send_errors", sendErrors);
    m.put("first_error", firstError);
    m.put("first_error_after", firstError == null ? null : firstErrorAfter);
    m.put("omitted_sent", warmUpSent);
    m.put("receiver", report == null ? null : report.toJson());
    return m;
  }
}
