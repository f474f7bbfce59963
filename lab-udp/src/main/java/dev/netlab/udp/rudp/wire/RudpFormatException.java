package dev.netlab.udp.rudp.wire;

/** A datagram that is not a valid netlab RUDP packet: what was expected and what came. */
public final class RudpFormatException extends Exception {
  public RudpFormatException(String message) {
    super(message);
  }
}
