package dev.netlab.ports.host;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The quote of the day service's answers (RFC 865): a short message of printable ASCII, lines ended
 * by CR LF, under the RFC's 512 characters. One quote per day (UTC), so that everyone asking on the
 * same day gets the same one, as the service's name promises.
 */
public final class Quotes {
  /** The RFC's limit on a quote's length, in characters. */
  public static final int MAX_LENGTH = 512;

  static final List<String> QUOTES =
      List.of(
          "Be conservative in what you do, be liberal in what you accept from others.\r\n"
              + "  -- Jon Postel, RFC 793 (1981)\r\n",
          "We reject: kings, presidents and voting.\r\n"
              + "We believe in: rough consensus and running code.\r\n"
              + "  -- David D. Clark, IETF (1992)\r\n",
          "A distributed system is one in which the failure of a computer you didn't even\r\n"
              + "know existed can render your own computer unusable.\r\n"
              + "  -- Leslie Lamport (1987)\r\n",
          "Every port on this host is a door; the port number says which program answers it.\r\n"
              + "  -- netlab, the ports lab\r\n",
          "The network is reliable. The latency is zero. The bandwidth is infinite.\r\n"
              + "  -- the first fallacies of distributed computing, L. Peter Deutsch\r\n");

  private Quotes() {}

  /** The quote for the day (UTC) that {@code at} falls on. */
  public static String of(Instant at) {
    long day = at.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    return QUOTES.get((int) Math.floorMod(day, (long) QUOTES.size()));
  }
}
