package dev.netlab.ports.scan;

import java.time.Duration;

/**
 * How hard a scan pushes.
 *
 * @param concurrency probes in flight at once (sockets open at once)
 * @param rate probes started per second at most; 0 for no limit
 * @param timeout how long one probe waits for an answer
 * @param retries UDP: probes sent again to a port that stayed silent, before calling it
 *     open|filtered
 */
public record ScanSettings(int concurrency, long rate, Duration timeout, int retries) {
  public ScanSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1; got " + concurrency);
    }
    if (rate < 0 || retries < 0 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("rate, retries >= 0 and timeout > 0");
    }
  }
}
