package dev.netlab.ports.host;

import java.net.InetSocketAddress;

/**
 * One socket of the host: a service on a protocol and port. TCP 10007 and UDP 10007 are two
 * sockets; the kernel tells them apart by protocol before port.
 */
public record ServiceSocket(Service service, boolean udp, InetSocketAddress address) {
  public String protocol() {
    return udp ? "UDP" : "TCP";
  }

  public int port() {
    return address.getPort();
  }

  /** The table's heading: protocol, port, service, RFC, shows. */
  public static String tableHeader() {
    return String.format("%-8s %-6s %-9s %-9s %s", "protocol", "port", "service", "RFC", "shows");
  }

  /** This socket as a row of the table. */
  public String tableRow() {
    return String.format(
        "%-8s %-6d %-9s %-9s %s",
        protocol(), port(), service.label(), service.rfc(), service.shows());
  }
}
