package dev.netlab.common.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's own TCP counters (Linux {@code /proc/net/snmp} and {@code /proc/net/netstat},
 * host-wide, every connection): why segments were sent again. Without any loss a transfer still
 * shows a few retransmissions: tail-loss probes (RFC 8985), which the kernel sends when an ACK is
 * late, not because anything was lost; the receiver then reports the copy as a duplicate (DSACK).
 *
 * @param retransmitted RetransSegs: segments sent again, for whatever reason
 * @param lossProbes TCPLossProbes: tail-loss probes sent
 * @param duplicatesReported TCPDSACKRecv: segments the receiver said it already had
 */
public record TcpKernelCounters(long retransmitted, long lossProbes, long duplicatesReported) {
  static final Path SNMP = Path.of("/proc/net/snmp");
  static final Path NETSTAT = Path.of("/proc/net/netstat");

  /** The counters now, or empty where /proc/net does not have them (not Linux). */
  public static Optional<TcpKernelCounters> read() {
    try {
      long retrans = value(Files.readAllLines(SNMP), "Tcp:", "RetransSegs");
      List<String> netstat = Files.readAllLines(NETSTAT);
      return Optional.of(
          new TcpKernelCounters(
              retrans,
              value(netstat, "TcpExt:", "TCPLossProbes"),
              value(netstat, "TcpExt:", "TCPDSACKRecv")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The value of {@code name} in the table whose two lines start with {@code prefix}. */
  static long value(List<String> lines, String prefix, String name) {
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix) && lines.get(i + 1).startsWith(prefix)) {
        List<String> names = List.of(lines.get(i).trim().split("\\s+"));
        String[] values = lines.get(i + 1).trim().split("\\s+");
        int at = names.indexOf(name);
        if (at < 0) {
          throw new IllegalStateException("no " + name + " in " + prefix);
        }
        return Long.parseLong(values[at]);
      }
    }
    throw new IllegalStateException("no " + prefix + " table");
  }

  /** What changed since {@code before}. */
  public TcpKernelCounters since(TcpKernelCounters before) {
    return new TcpKernelCounters(
        retransmitted - before.retransmitted,
        lossProbes - before.lossProbes,
        duplicatesReported - before.duplicatesReported);
  }
}
