package dev.netlab.udp.rudp.protocol;

/** A transfer that could not finish; the message says why in a sentence. */
public final class RudpException extends Exception {
  public RudpException(String message) {
    super(message);
  }
}
