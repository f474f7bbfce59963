package dev.netlab.udp.ping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Round trips to a UDP echo server.
 *
 * @param rttsMillis the round-trip times of the replies that came back, in send order
 */
public record PingResult(long sent, long duplicates, List<Double> rttsMillis) {
  public long received() {
    return rttsMillis.size();
  }

  public double lossPercent() {
    return sent == 0 ? 0 : 100.0 * (sent - received()) / sent;
  }

  public double min() {
    return rttsMillis.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  public double max() {
    return rttsMillis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  public double avg() {
    return rttsMillis.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** Nearest-rank percentile. */
  public double percentile(double p) {
    if (rttsMillis.isEmpty()) {
      return 0;
    }
    List<Double> sorted = rttsMillis.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d sent, %d received, %.1f%% loss%s; rtt min/avg/max/p99 = %.3f/%.3f/%.3f/%.3f ms",
        sent,
        received(),
        lossPercent(),
        duplicates > 0 ? ", " + duplicates + " duplicates" : "",
        min(),
        avg(),
        max(),
        percentile(99));
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", sent);
    m.put("received", received());
    m.put("duplicates", duplicates);
    m.put("loss_percent", lossPercent());
    m.put("rtt_min_ms", min());
    m.put("rtt_avg_ms", avg());
    m.put("rtt_max_ms", max());
    m.put("rtt_p99_ms", percentile(99));
    return m;
  }
}
