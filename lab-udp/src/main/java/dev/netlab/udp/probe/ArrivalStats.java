package dev.netlab.udp.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one receiver saw of one sender's datagrams: which sequence numbers never arrived (as
 * ranges), which arrived twice, which arrived out of order, and the jitter of their transit times.
 * Memory grows with the number of gaps, not of datagrams, up to {@link #MAX_LOST_RANGES} of them.
 * Counters are 64-bit.
 *
 * <ul>
 *   <li><b>lost</b>: never arrived, counted when the sender says how many it sent (or at the end);
 *   <li><b>reordered</b>: arrived after a higher sequence number had arrived (not lost: late);
 *   <li><b>late</b>: reordered and overtaken by datagrams sent at least the playout delay after it
 *       (a player with that buffer would already have skipped it);
 *   <li><b>duplicated</b>: arrived again after it had already arrived;
 *   <li><b>jitter</b>: RFC 3550 section 6.4.1, the smoothed variation of transit time.
 * </ul>
 *
 * <p>When more than {@link #MAX_LOST_RANGES} gaps are open, the oldest is forgotten: its sequence
 * numbers stay counted as lost (and it stays counted in {@link #lostRangeCount}), but it is no
 * longer listed by {@link #lostRanges} and a datagram arriving into it can no longer be told from a
 * duplicate. Such a datagram is counted as a duplicate and as {@link #untracked}. So {@code
 * received + lost} stays exactly the number of sequence numbers seen or announced; {@code lost} and
 * {@code duplicates} are exact while {@code untracked} is 0, and otherwise each is too high by at
 * most {@code untracked} (likewise {@code received} too low).
 */
public final class ArrivalStats {
  /**
   * A sequence number this far ahead of the next expected one is not believed: it would open an
   * absurd gap. Such datagrams are counted as implausible and otherwise ignored.
   */
  public static final long MAX_JUMP = 1L << 24;

  /**
   * Gaps (lost ranges) held at once, oldest forgotten first: about 300 KB per sender at most. A
   * sender skipping every other sequence number would otherwise grow the table without limit; a
   * datagram reordered past this many newer gaps is unlikely.
   */
  public static final int MAX_LOST_RANGES = 4096;

  /** RFC 3550's gain for the jitter estimate. */
  private static final double JITTER_GAIN = 1.0 / 16;

  private final long playoutNanos;
  private final TreeMap<Long, Long> missing = new TreeMap<>();
  private long expected;
  private long lost;
  private long forgottenRanges;
  private long forgottenBelow;
  private long untracked;
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
        addGap(expected, seq - 1);
      }
      expected = seq + 1;
    } else if (!fillGap(seq)) {
      if (seq < forgottenBelow) {
        untracked++;
      }
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
      addGap(expected, count - 1);
      expected = count;
    }
  }

  private void addGap(long first, long last) {
    missing.put(first, last);
    lost += last - first + 1;
    forgetOldestBeyondCap();
  }

  /** Keeps the gap table bounded; the forgotten gap's datagrams stay counted as lost. */
  private void forgetOldestBeyondCap() {
    if (missing.size() > MAX_LOST_RANGES) {
      Map.Entry<Long, Long> oldest = missing.pollFirstEntry();
      forgottenRanges++;
      forgottenBelow = oldest.getValue() + 1;
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
    lost--;
    forgetOldestBeyondCap();
    return true;
  }

  public long received() {
    return received;
  }

  public long bytes() {
    return bytes;
  }

  /** Sequence numbers never seen (see the class comment for when this is an upper bound). */
  public long lost() {
    return lost;
  }

  /**
   * The lost sequence numbers as inclusive [first, last] ranges, at most {@code limit}: the oldest
   * of the ranges still held (all of them unless more than {@link #MAX_LOST_RANGES} were open).
   */
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

  /** Every lost range, including those no longer held. */
  public int lostRangeCount() {
    return (int) Math.min(Integer.MAX_VALUE, forgottenRanges + missing.size());
  }

  /**
   * Datagrams that arrived below the gaps still held and were in none of them: each either a
   * duplicate or a late datagram of a forgotten gap (counted as a duplicate, its loss kept).
   */
  public long untracked() {
    return untracked;
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
