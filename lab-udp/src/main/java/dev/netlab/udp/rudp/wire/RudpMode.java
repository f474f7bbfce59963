package dev.netlab.udp.rudp.wire;

import java.util.Locale;

/** What the protocol adds on top of UDP, chosen by the sender and announced in its SYN. */
public enum RudpMode {
  /** Numbered, delivered in order; late datagrams dropped and counted; nothing resent. */
  SEQUENCED(0),
  /** Selective repeat: cumulative ACK + SACK, RFC 6298 timeouts, fast retransmit, cwnd. */
  RELIABLE(1),
  /** Go-Back-N: in-order receiver, fixed window, a timeout resends everything outstanding. */
  GBN(2);

  private final int code;

  RudpMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static RudpMode of(int code) throws RudpFormatException {
    for (RudpMode m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    throw new RudpFormatException("unknown mode " + code + " in SYN");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
