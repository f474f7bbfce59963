package dev.netlab.common.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds retransmitted data segments in a capture of one direction of a TCP connection: a segment is
 * a retransmission only when it carries bytes the capture already saw (its sequence number is below
 * the highest sequence end seen so far). A gap (bytes never seen) is not a retransmission: it is
 * what a packet the capture tool dropped looks like, and the real retransmission, if any, is the
 * later segment that repeats bytes seen before.
 */
public final class TcpRetransmissions {
  private static final long HALF = 1L << 31;
  private static final long MASK = 0xffff_ffffL;

  private TcpRetransmissions() {}

  /** Indices into {@code segments} (one sender's, in capture order) of the retransmitted ones. */
  public static List<Integer> find(List<TcpSegment> segments) {
    List<Integer> out = new ArrayList<>();
    long highest = -1;
    for (int i = 0; i < segments.size(); i++) {
      TcpSegment s = segments.get(i);
      long length = s.sequenceLength();
      if (length == 0) {
        continue; // a pure ACK carries no bytes that could be sent again
      }
      long end = (s.seq() + length) & MASK;
      if (highest >= 0 && before(s.seq(), highest)) {
        out.add(i);
      }
      if (highest < 0 || before(highest, end)) {
        highest = end;
      }
    }
    return out;
  }

  /** Whether sequence number {@code a} comes before {@code b}, modulo 2^32. */
  static boolean before(long a, long b) {
    long d = (a - b) & MASK;
    return d != 0 && d >= HALF;
  }
}
