package dev.netlab.udp.probe;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.base.Console;
import dev.netlab.common.metrics.IntervalReporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The receiver's figures for one sender, as printed, as sent back in a REPORT datagram and as
 * {@code --json} fields.
 *
 * @param sent how many the sender said it sent (-1 if its END never arrived)
 * @param lostRanges the first lost ranges, inclusive [first, last]
 */
public record ProbeReport(
    long sent,
    long received,
    long lost,
    List<long[]> lostRanges,
    int lostRangeCount,
    long duplicates,
    long reordered,
    long late,
    double jitterMs,
    long bytes,
    double seconds,
    long implausible) {

  /** Ranges carried in a report: enough to see the pattern, small enough for one datagram. */
  public static final int RANGES_SHOWN = 32;

  public static ProbeReport of(ArrivalStats s) {
    return new ProbeReport(
        s.total(),
        s.received(),
        s.lost(),
        s.lostRanges(RANGES_SHOWN),
        s.lostRangeCount(),
        s.duplicates(),
        s.reordered(),
        s.late(),
        s.jitterMillis(),
        s.bytes(),
        s.seconds(),
        s.implausible());
  }

  public double bitsPerSecond() {
    return seconds <= 0 ? 0 : bytes * 8 / seconds;
  }

  public double lossPercent() {
    long base = sent > 0 ? sent : received + lost;
    return base == 0 ? 0 : 100.0 * lost / base;
  }

  /** "17-19, 230, 400-402 (and 5 more ranges)". */
  public String rangesText() {
    StringBuilder sb = new StringBuilder();
    for (long[] r : lostRanges) {
      sb.append(sb.length() == 0 ? "" : ", ").append(r[0]);
      if (r[1] != r[0]) {
        sb.append('-').append(r[1]);
      }
    }
    if (lostRangeCount > lostRanges.size()) {
      sb.append(" (and ").append(lostRangeCount - lostRanges.size()).append(" more ranges)");
    }
    return sb.toString();
  }

  /** Narrates the figures, naming the claims they show. */
  public void print(Console c, String who) {
    c.claim(
        "IP-4",
        "%s: %d sent, %d received, %d lost (%.1f%%)%s",
        who,
        sent,
        received,
        lost,
        lossPercent(),
        lost == 0 ? "" : ": " + rangesText());
    c.claim(
        "IP-5",
        "%d arrived out of order (%d late for the playout buffer), %d duplicated",
        reordered,
        late,
        duplicates);
    c.say(
        String.format(
            Locale.ROOT,
            "jitter %.3f ms, %s arrived over %.3f s, first to last: %s",
            jitterMs,
            IntervalReporter.bytes(bytes).trim(),
            seconds,
            IntervalReporter.bitsPerSecond(bitsPerSecond()).trim()));
    if (implausible > 0) {
      c.say("%d datagrams had implausible sequence numbers and were ignored", implausible);
    }
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", sent);
    m.put("received", received);
    m.put("lost", lost);
    List<List<Long>> ranges = new ArrayList<>();
    for (long[] r : lostRanges) {
      ranges.add(List.of(r[0], r[1]));
    }
    m.put("lost_ranges", ranges);
    m.put("lost_range_count", lostRangeCount);
    m.put("duplicates", duplicates);
    m.put("reordered", reordered);
    m.put("late", late);
    m.put("jitter_ms", Math.round(jitterMs * 1000) / 1000.0);
    m.put("bytes", bytes);
    m.put("seconds", seconds);
    m.put("bits_per_second", Math.round(bitsPerSecond()));
    m.put("implausible", implausible);
    return m;
  }

  public String toJsonText() {
    try {
      return JSON.std.asString(toJson());
    } catch (IOException e) {
      throw new IllegalStateException("a map of numbers always serializes", e);
    }
  }

  /**
   * @throws IOException if {@code text} is not a report
   */
  public static ProbeReport parse(String text) throws IOException {
    Map<String, Object> m = JSON.std.mapFrom(text);
    try {
      List<long[]> ranges = new ArrayList<>();
      for (Object o : (List<?>) m.get("lost_ranges")) {
        List<?> r = (List<?>) o;
        ranges.add(new long[] {num(r.get(0)), num(r.get(1))});
      }
      return new ProbeReport(
          num(m.get("sent")),
          num(m.get("received")),
          num(m.get("lost")),
          ranges,
          (int) num(m.get("lost_range_count")),
          num(m.get("duplicates")),
          num(m.get("reordered")),
          num(m.get("late")),
          ((Number) m.get("jitter_ms")).doubleValue(),
          num(m.get("bytes")),
          ((Number) m.get("seconds")).doubleValue(),
          num(m.get("implausible")));
    } catch (RuntimeException e) {
      throw new IOException("malformed probe report: " + e.getMessage(), e);
    }
  }

  private static long num(Object o) {
    return ((Number) o).longValue();
  }
}
