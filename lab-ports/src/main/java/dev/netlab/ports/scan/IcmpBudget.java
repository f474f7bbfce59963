package dev.netlab.ports.scan;

import dev.netlab.common.net.ProcNet;
import java.util.OptionalLong;

/**
 * How many ICMP errors per second this host sends at most: Linux's global limit {@code
 * net.ipv4.icmp_msgs_per_sec} (default 1000, burst 50), which holds on loopback too. A UDP scan
 * that probes closed ports faster than this loses port-unreachables and would call closed ports
 * open|filtered, so it paces itself below the limit. (nmap learns the same by watching its answers
 * drop and slowing down.)
 */
public final class IcmpBudget {
  /** The share of the budget a scan takes, leaving some for everything else on the host. */
  static final double SHARE = 0.9;

  private IcmpBudget() {}

  /** The limit, where the system shows it. */
  public static OptionalLong perSecond() {
    try {
      return ProcNet.sysctl("net.ipv4.icmp_msgs_per_sec")
          .map(v -> OptionalLong.of(Long.parseLong(v)))
          .orElse(OptionalLong.empty());
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The UDP probe rate that stays under the limit, or {@code fallback} where none is known. */
  public static long udpRate(long fallback) {
    OptionalLong limit = perSecond();
    return limit.isPresent() && limit.getAsLong() > 0
        ? Math.max(1, (long) (limit.getAsLong() * SHARE))
        : fallback;
  }
}
