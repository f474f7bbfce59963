package dev.netlab.grade.capture;

import dev.netlab.common.capture.LinkType;
import dev.netlab.common.capture.Packet;
import org.xbill.DNS.Message;

/**
 * One frame of a student's capture, numbered as Wireshark numbers it (the first frame is 1).
 *
 * @param packet the decoded packet, or null when the frame could not be decoded
 * @param problem why it could not be decoded, or null
 * @param dns the DNS message its payload carries, or null
 * @param retransmission whether it repeats TCP bytes its sender had sent before
 */
public record CapturedFrame(
    int number,
    LinkType linkType,
    Packet packet,
    String problem,
    Message dns,
    boolean retransmission) {

  public boolean isTcp() {
    return packet != null && packet.tcp() != null;
  }

  public boolean isUdp() {
    return packet != null && packet.udp() != null;
  }

  /** Whether either port of its TCP or UDP header is {@code port}. */
  public boolean hasPort(int port) {
    if (isTcp()) {
      return packet.tcp().sourcePort() == port || packet.tcp().destinationPort() == port;
    }
    if (isUdp()) {
      return packet.udp().sourcePort() == port || packet.udp().destinationPort() == port;
    }
    return false;
  }

  /** The source port of its TCP or UDP header, or -1. */
  public int sourcePort() {
    return isTcp() ? packet.tcp().sourcePort() : isUdp() ? packet.udp().sourcePort() : -1;
  }

  /** The same frame marked as a retransmission. */
  CapturedFrame asRetransmission() {
    return new CapturedFrame(number, linkType, packet, problem, dns, true);
  }
}
