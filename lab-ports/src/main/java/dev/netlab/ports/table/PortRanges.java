package dev.netlab.ports.table;

import dev.netlab.common.net.ProcNet.PortRange;
import java.util.List;

/**
 * The three ranges IANA divides the 16-bit port space into (RFC 6335 section 6): well known 0-1023
 * (system ports, assigned by IETF review; binding one needs privilege on Unix), registered
 * 1024-49151 (user ports, assigned on request), dynamic 49152-65535 (never assigned: for ephemeral
 * use).
 */
public final class PortRanges {
  /** One named range. */
  public record Named(String name, PortRange range, String meaning) {}

  public static final Named WELL_KNOWN =
      new Named(
          "well known",
          new PortRange(0, 1023),
          "system ports, assigned by the IETF; binding one needs privilege on Unix");

  public static final Named REGISTERED =
      new Named(
          "registered",
          new PortRange(1024, 49_151),
          "user ports, registered with IANA on request; any program may bind them");

  public static final Named DYNAMIC =
      new Named(
          "dynamic",
          new PortRange(49_152, 65_535),
          "never assigned: left for ephemeral (client) ports");

  public static final List<Named> ALL = List.of(WELL_KNOWN, REGISTERED, DYNAMIC);

  private PortRanges() {}

  /** The range {@code port} falls in. */
  public static Named of(int port) {
    for (Named n : ALL) {
      if (n.range().contains(port)) {
        return n;
      }
    }
    throw new IllegalArgumentException("port out of range: " + port);
  }
}
