package dev.netlab.common.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-peer reports a server lists in its final {@code --json}: the most recent {@link #KEPT},
 * and how many there were in all, so that a server left running for a whole course does not keep
 * one map per transfer forever. Thread-safe (reports come from the event loop, the summary from the
 * main thread).
 */
public final class RecentReports {
  /** Reports listed at most. */
  public static final int KEPT = 1000;

  private final ArrayDeque<Map<String, Object>> recent = new ArrayDeque<>();
  private long total;

  public synchronized void add(Map<String, Object> report) {
    if (recent.size() == KEPT) {
      recent.removeFirst();
    }
    recent.addLast(report);
    total++;
  }

  /** The kept reports, oldest first. */
  public synchronized List<Map<String, Object>> list() {
    return new ArrayList<>(recent);
  }

  public synchronized long total() {
    return total;
  }

  /** Puts {@code key} (the kept reports) and {@code key_total} into the run's JSON. */
  public void putInto(LabRun run, String key) {
    run.put(key, list()).put(key + "_total", total());
  }
}
