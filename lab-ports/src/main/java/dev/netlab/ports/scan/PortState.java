package dev.netlab.ports.scan;

/** What a scan concluded about one port, in nmap's words. */
public enum PortState {
  /** Something answered: a SYN+ACK (TCP), a datagram (UDP). */
  OPEN("open"),
  /** The host answered that nothing listens: RST (TCP), ICMP port unreachable (UDP). */
  CLOSED("closed"),
  /** No answer, or an ICMP error other than port unreachable: something in the way dropped it. */
  FILTERED("filtered"),
  /** UDP without any answer: a service that stays silent and a firewall look the same. */
  OPEN_FILTERED("open|filtered");

  private final String label;

  PortState(String label) {
    this.label = label;
  }

  /** The state as nmap prints it. */
  public String label() {
    return label;
  }

  /** The state with nmap's {@code label}. */
  public static PortState ofLabel(String label) {
    for (PortState s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no port state '" + label + "'");
  }
}
