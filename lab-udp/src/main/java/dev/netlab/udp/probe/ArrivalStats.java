package dev.netlab.udp.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one receiver saw of one sender's datagrams: which sequence numbers never arrived (as
 * ranges), which arrived twice, which arrived out of order, and the jitter of their transit times.
 * Memory grows with the number of gaps, not of datagrams. Counters are 64-bit.
 *
 * <ul>
 *   <li><b>lost</b>: never arrived, counted when the sender says how many it sent (or at the end);
 *   <li><b>reordered</b>: arrived after a higher sequence number had arrived (not lost: late);
 *   <li><b>late</b>: reordered and overtaken by datagrams sent at least the playout delay after it
 *       (a player with that buffer would already have skipped it);
 *   <li><b>duplicated</b>: arrived again after it had already arrived;
 *   <li><b>jitter</b>: RFC 3550 section 6.4.1, the smoothed variation of transit time.
 * </ul>
 */
public final class ArrivalStats {
  /**
   * A sequence number this far ahead of the next expected one is not believed: it would open an
   * absurd gap. Such datagrams are counted as implausible and otherwise ignored.
   */
  public static final long MAX_JUMP = 1L << 24;

  /** RFC 3550's gain for the jitter estimate. */
  private static final double JITTER_GAIN = 1.0 / 16;

  private final long playoutNanos;
  private final TreeMap<Long, Long> missing = new TreeMap<>();
  private long expected;
  private long received;
  private long bytes;
  private long duplicates;
  private long reordered;
  private long late;
  private long implausible;
  private long latestSentAt = Long.MIN_VALUE;
  private long previousTransit;
  private boolean haveTransit;
  private double jitterNanos;
  private long firstArrival;
  private long lastArrival;
  private long total = -1;

  /**
   * @param playoutNanos a reordered datagram overtaken by one sent this much later is "late"
   */
  public ArrivalStats(long playoutNanos) {
    this.playoutNanos = playoutNanos;
  }

  /** Accounts one DATA datagram. Times in nanoseconds on one clock (the same host). */
  public void onData(long seq, long sentAt, long arrivedAt, int size) {
    if (seq < 0 || seq >= expected + MAX_JUMP) {
      implausible++;
      return;
    }
    if (received == 0) {
      firstArrival = arrivedAt;
    }
    if (seq >= expected) {
      if (seq > expected) {
        missing.put(expected, seq - 1);
      }
      expected = seq + 1;
    } else if (!fillGap(seq)) {
      duplicates++;
      return;
    } else {
      reordered++;
      if (latestSentAt - sentAt >= playoutNanos) {
        late++;
      }
    }
    received++;
    bytes += size;
    lastArrival = arrivedAt;
    latestSentAt = Math.max(latestSentAt, sentAt);
    long transit = arrivedAt - sentAt;
    if (haveTransit) {
      jitterNanos += (Math.abs(transit - previousTransit) - jitterNanos) * JITTER_GAIN;
    }
    previousTransit = transit;
    haveTransit = true;
  }

  /** The sender sent {@code count} datagrams: any not seen after the last one are lost too. */
  public void onEnd(long count) {
    total = count;
    if (count > expected && count - expected < MAX_JUMP) {
      missing.put(expected, count - 1);
      expected = count;
    }
  }

  /** Removes {@code seq} from a gap; false if it was in none (so: a duplicate). */
  private boolean fillGap(long seq) {
    Map.Entry<Long, Long> gap = missing.floorEntry(seq);
    if (gap == null || gap.getValue() < seq) {
      return false;
    }
    long start = gap.getKey();
    long end = gap.getValue();
    missing.remove(start);
    if (start < seq) {
      missing.put(start, seq - 1);
    }
    if (seq < end) {
      missing.put(seq + 1, end);
    }
    return true;
  }

  public long received() {
    return received;
  }

  public long bytes() {
    return bytes;
  }

  public long lost() {
    long n = 0;
    for (Map.Entry<Long, Long> e : missing.entrySet()) {
      n += e.getValue() - e.getKey() + 1;
    }
    return n;
  }

  /** The lost sequence numbers as inclusive [first, last] ranges, at most {@code limit}. */
  public List<long[]> lostRanges(int limit) {
    List<long[]> out = new ArrayList<>();
    for (Map.Entry<Long, Long> e : missing.entrySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(new long[] {e.getKey(), e.getValue()});
    }
    return out;
  }

  public int lostRangeCount() {
    return missing.size();
  }

  public long duplicates() {
    return duplicates;
  }

  public long reordered() {
    return reordered;
  }

  public long late() {
    return late;
  }

  public long implausible() {
    return implausible;
  }

  /** Sent count from END, or -1 if END never came. */
  public long total() {
    return total;
  }

  public double jitterMillis() {
    return jitterNanos / 1e6;
  }

  /** First to last arrival. */
  public double seconds() {
    return (lastArrival - firstArrival) / 1e9;
  }
}
