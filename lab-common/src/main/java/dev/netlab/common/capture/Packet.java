package dev.netlab.common.capture;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A captured packet decoded down to the transport layer.
 *
 * @param layers every layer from the link header to the payload, for printing
 * @param ip the IP header, or null for a non-IP frame
 * @param tcp the TCP header, or null
 * @param udp the UDP header, or null
 * @param payload the captured payload bytes (may be cut short by the snap length)
 */
public record Packet(
    long timestampNanos,
    LinkType linkType,
    int capturedLength,
    List<Layer> layers,
    IpHeader ip,
    TcpSegment tcp,
    UdpDatagram udp,
    byte[] payload) {

  public InetSocketAddress source() {
    int port = tcp != null ? tcp.sourcePort() : udp != null ? udp.sourcePort() : 0;
    return new InetSocketAddress(ip.source(), port);
  }

  public InetSocketAddress destination() {
    int port = tcp != null ? tcp.destinationPort() : udp != null ? udp.destinationPort() : 0;
    return new InetSocketAddress(ip.destination(), port);
  }
}
