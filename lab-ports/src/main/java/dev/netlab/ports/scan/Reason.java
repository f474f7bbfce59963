package dev.netlab.ports.scan;

/** Why a port has its state: what came back, in nmap's {@code --reason} words. */
public enum Reason {
  /** TCP: the handshake completed, so a SYN+ACK came back. */
  SYN_ACK("syn-ack"),
  /** TCP: connect() failed with ECONNREFUSED, so a RST came back. */
  CONN_REFUSED("conn-refused"),
  /** Nothing came back before the timeout, on any try. */
  NO_RESPONSE("no-response"),
  /** UDP: an ICMP port unreachable came back (the socket's next read fails). */
  PORT_UNREACH("port-unreach"),
  /** UDP: a datagram came back. */
  UDP_RESPONSE("udp-response"),
  /** An ICMP host unreachable came back (EHOSTUNREACH). */
  HOST_UNREACH("host-unreach"),
  /** An ICMP network unreachable came back (ENETUNREACH). */
  NET_UNREACH("net-unreach");

  private final String label;

  Reason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
