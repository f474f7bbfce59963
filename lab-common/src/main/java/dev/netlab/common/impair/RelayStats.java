package dev.netlab.common.impair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the relay did in one direction, and to which datagrams (the first {@link #EVENTS_KEPT}). */
public final class RelayStats {
  /** Per-datagram events kept for the report; counters go on past this. */
  public static final int EVENTS_KEPT = 1000;

  private final String direction;
  private long received;
  private long forwarded;
  private long dropped;
  private long queueDropped;
  private long outboundDropped;
  private long duplicated;
  private long corrupted;
  private long reordered;
  private long delayed;
  private final List<Map<String, Object>> events = new ArrayList<>();

  public RelayStats(String direction) {
    this.direction = direction;
  }

  synchronized void record(Fate f) {
    received++;
    if (f.dropped()) {
      dropped++;
    } else {
      duplicated += f.copies() - 1;
      corrupted += f.corruptBit() >= 0 ? 1 : 0;
      reordered += f.reordered() ? 1 : 0;
      delayed += f.delayNanos() > 0 ? 1 : 0;
    }
    if (f.touched() && events.size() < EVENTS_KEPT) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("index", f.index());
      e.put("action", f.action());
      if (f.corruptBit() >= 0) {
        e.put("bit", f.corruptBit());
      }
      events.add(e);
    }
  }

  synchronized void queueDrop(long index) {
    queueDropped++;
    if (events.size() < EVENTS_KEPT) {
      events.add(Map.of("index", index, "action", "queue_full"));
    }
  }

  /** The outbound socket was full (past its high-water mark) or gone: dropped, as a router does. */
  synchronized void outboundFull(long index) {
    outboundDropped++;
    if (events.size() < EVENTS_KEPT) {
      events.add(Map.of("index", index, "action", "outbound_full"));
    }
  }

  public synchronized long outboundDropped() {
    return outboundDropped;
  }

  synchronized void forwarded() {
    forwarded++;
  }

  public synchronized long received() {
    return received;
  }

  public synchronized long dropped() {
    return dropped;
  }

  public synchronized long forwardedCount() {
    return forwarded;
  }

  public synchronized String summary() {
    return String.format(
        "%s: %d in, %d out; dropped %d, queue-full %d, outbound-full %d, duplicated %d,"
            + " corrupted %d, reordered %d, delayed %d",
        direction,
        received,
        forwarded,
        dropped,
        queueDropped,
        outboundDropped,
        duplicated,
        corrupted,
        reordered,
        delayed);
  }

  public synchronized Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("received", received);
    m.put("forwarded", forwarded);
    m.put("dropped", dropped);
    m.put("queue_dropped", queueDropped);
    m.put("outbound_dropped", outboundDropped);
    m.put("duplicated", duplicated);
    m.put("corrupted", corrupted);
    m.put("reordered", reordered);
    m.put("delayed", delayed);
    m.put("events", new ArrayList<>(events));
    return m;
  }
}
