package dev.netlab.ports.scan;

import dev.netlab.common.base.LabException;
import java.util.BitSet;

/**
 * The ports to scan, written as nmap's {@code -p} takes them: {@code 22}, {@code 1-1024}, {@code
 * 1-1024,10007}, {@code -} for every port. Each port once, in ascending order, whatever the list.
 */
public final class PortList {
  /** The most ports one run scans: the whole 16-bit space, never more. */
  public static final int MAX_PORTS_PER_RUN = 65_536;

  private static final int MAX_PORT = 65_535;

  private PortList() {}

  /**
   * @throws LabException usage, with what was wrong and what to write instead
   */
  public static int[] parse(String spec) {
    String text = spec.trim();
    if (text.equals("-")) {
      text = "1-" + MAX_PORT;
    }
    BitSet ports = new BitSet(MAX_PORT + 1);
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      int dash = p.indexOf('-');
      int first;
      int last;
      if (dash < 0) {
        first = last = port(p, spec);
      } else {
        first = dash == 0 ? 1 : port(p.substring(0, dash), spec);
        last = dash == p.length() - 1 ? MAX_PORT : port(p.substring(dash + 1), spec);
      }
      if (first > last) {
        throw LabException.usage(
            "port range '" + p + "' runs backwards: write the low port first, such as 1-1024");
      }
      ports.set(first, last + 1);
    }
    return ports.stream().toArray();
  }

  private static int port(String text, String spec) {
    int port;
    try {
      port = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw LabException.usage(
          "'"
              + spec
              + "' is not a port list: write ports and ranges separated by commas, such as"
              + " 1-1024,10007");
    }
    if (port < 1 || port > MAX_PORT) {
      throw LabException.usage(
          "port "
              + port
              + " cannot be scanned: ports to scan are 1-65535 (port 0 is not a destination)");
    }
    return port;
  }
}
