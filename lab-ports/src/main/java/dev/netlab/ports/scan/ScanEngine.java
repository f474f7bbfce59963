package dev.netlab.ports.scan;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * The loop every scan runs on one thread and one selector: start probes while fewer than the
 * concurrency are in flight and the pacer allows, hand ready sockets to the {@link Prober}, and
 * time out the silent ones. Nothing blocks but the select, which waits for the nearest deadline.
 */
final class ScanEngine {
  private final Prober prober;
  private final ScanSettings settings;
  private final ScanProgress progress;

  ScanEngine(Prober prober, ScanSettings settings, ScanProgress progress) {
    this.prober = prober;
    this.settings = settings;
    this.progress = progress;
  }

  /** Scans {@code ports} (ascending); the results come back in the same order. */
  List<PortResult> run(int[] ports) throws IOException {
    PortResult[] results = new PortResult[ports.length];
    long timeout = settings.timeout().toNanos();
    PriorityQueue<long[]> deadlines =
        new PriorityQueue<>((a, b) -> Long.compare(a[0] - b[0], 0)); // {deadline, index, gen}
    Probe[] inFlight = new Probe[ports.length];
    int next = 0;
    int open = 0;
    Pacer pacer = new Pacer(settings.rate(), System.nanoTime());
    try (Selector selector = Selector.open()) {
      while (next < ports.length || open > 0) {
        if (Thread.currentThread().isInterrupted()) {
          // an interrupted select returns at once: stop rather than spin
          throw new InterruptedIOException("scan interrupted");
        }
        long now = System.nanoTime();
        while (next < ports.length && open < settings.concurrency() && pacer.tryTake(now)) {
          Probe p = new Probe(next, ports[next]);
          next++;
          PortResult r = prober.start(p, selector);
          if (r != null) {
            finish(p, r, results);
            continue;
          }
          open++;
          inFlight[p.index] = p;
          arm(p, now + timeout, deadlines);
        }
        if (open == 0 && next == ports.length) {
          break; // every answer came at once: nothing to wait for
        }
        long wait = Long.MAX_VALUE;
        if (!deadlines.isEmpty()) {
          wait = deadlines.peek()[0] - now;
        }
        if (next < ports.length && open < settings.concurrency()) {
          wait = Math.min(wait, pacer.waitNanos(now));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(wait);
        if (wait <= 0) {
          selector.selectNow();
        } else {
          selector.select(Math.max(1, millis));
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Probe p = (Probe) key.attachment();
          if (p.done) {
            continue;
          }
          PortResult r = prober.ready(p, key, selector);
          if (r != null) {
            open--;
            finish(p, r, results);
          } else if (!p.done && (key.channel() != p.channel)) {
            arm(p, System.nanoTime() + timeout, deadlines); // a new socket: a new deadline
          }
        }
        now = System.nanoTime();
        while (!deadlines.isEmpty() && deadlines.peek()[0] - now <= 0) {
          long[] d = deadlines.poll();
          Probe p = inFlight[(int) d[1]];
          if (p == null || p.done || p.generation != (int) d[2]) {
            continue;
          }
          PortResult r = prober.expired(p);
          if (r != null) {
            open--;
            finish(p, r, results);
          } else {
            arm(p, now + timeout, deadlines);
          }
        }
      }
    } finally {
      for (Probe p : inFlight) {
        if (p != null && !p.done) {
          close(p);
        }
      }
    }
    return Arrays.asList(results);
  }

  private static void arm(Probe p, long deadline, PriorityQueue<long[]> deadlines) {
    p.generation++;
    p.deadline = deadline;
    deadlines.add(new long[] {deadline, p.index, p.generation});
  }

  private void finish(Probe p, PortResult r, PortResult[] results) {
    p.done = true;
    close(p);
    results[p.index] = r;
    progress.done(r);
  }

  private static void close(Probe p) {
    if (p.channel != null) {
      try {
        p.channel.close();
      } catch (IOException e) {
        // closing a probe's socket: nothing left to learn from it
      }
    }
  }
}
