package dev.netlab.common.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's own UDP counters (Linux {@code /proc/net/snmp}, host-wide): datagrams dropped
 * because a socket's receive buffer was full, or because no socket had the port. Loss a lab
 * measures can happen there, inside the receiving host, not on the way.
 *
 * @param receiveBufferErrors RcvbufErrors: dropped at a full receive buffer
 * @param noPorts NoPorts: arrived for a port nobody listened on (answered with ICMP)
 */
public record UdpKernelCounters(long receiveBufferErrors, long noPorts) {
  static final Path SNMP = Path.of("/proc/net/snmp");

  /** The counters now, or empty where /proc/net/snmp does not exist (not Linux). */
  public static Optional<UdpKernelCounters> read() {
    try {
      List<String> lines = Files.readAllLines(SNMP);
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
          List<String> names = List.of(lines.get(i).trim().split("\\s+"));
          String[] values = lines.get(i + 1).trim().split("\\s+");
          return Optional.of(
              new UdpKernelCounters(
                  Long.parseLong(values[names.indexOf("RcvbufErrors")]),
                  Long.parseLong(values[names.indexOf("NoPorts")])));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** What changed since {@code before}. */
  public UdpKernelCounters since(UdpKernelCounters before) {
    return new UdpKernelCounters(
        receiveBufferErrors - before.receiveBufferErrors, noPorts - before.noPorts);
  }
}
