package dev.netlab.common.capture;

import java.net.InetAddress;

/**
 * The IP header fields the labs use.
 *
 * @param version 4 or 6
 * @param ttl IPv4 time to live or IPv6 hop limit
 * @param protocol 6 for TCP, 17 for UDP (IPv6: the last next-header value)
 * @param headerLength bytes of IP header including IPv6 extension headers
 * @param payloadLength bytes after the IP header(s), from the header's own length field
 */
public record IpHeader(
    int version,
    InetAddress source,
    InetAddress destination,
    int ttl,
    int protocol,
    int headerLength,
    int payloadLength) {
  public static final int PROTOCOL_TCP = 6;
  public static final int PROTOCOL_UDP = 17;
}
