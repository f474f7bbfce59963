package dev.netlab.grade.engine;

import dev.netlab.grade.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Drains a student program's output (stdout and stderr together) for as long as it runs, keeping a
 * bounded part: a program that floods its output never blocks on a full pipe and never fills the
 * grader's memory. It keeps the first {@link #KEPT} bytes of the whole run and, per case, the first
 * {@link #KEPT_PER_CASE} bytes written during that case; the rest is counted.
 */
public final class OutputCapture {
  /** Bytes of the whole run's output kept for the report. */
  public static final int KEPT = 64 * 1024;

  /** Bytes of output kept per case (shown with that case's result). */
  public static final int KEPT_PER_CASE = 4 * 1024;

  private final Bounded run = new Bounded(KEPT);
  private Bounded current = new Bounded(KEPT_PER_CASE);
  private final CountDownLatch drained = new CountDownLatch(1);

  /** Starts the thread that drains {@code in} until end of stream. */
  public OutputCapture start(InputStream in, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                  append(buf, n);
                }
              } catch (IOException closed) {
                // the process is gone: what was read is what there is
              } finally {
                drained.countDown();
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return this;
  }

  private synchronized void append(byte[] b, int n) {
    run.append(b, n);
    current.append(b, n);
  }

  /** Starts a new per-case window and returns the previous one's text. */
  public synchronized String nextCase() {
    String text = current.text();
    current = new Bounded(KEPT_PER_CASE);
    return text;
  }

  /** The whole run's output as kept, with a note of what was not kept. */
  public synchronized String text() {
    return run.text();
  }

  /** Total bytes the program wrote, kept or not. */
  public synchronized long total() {
    return run.total;
  }

  /** Waits (bounded) until the output pipe reached end of stream, so the text is complete. */
  public boolean awaitDrained(java.time.Duration timeout) throws InterruptedException {
    return drained.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The first {@code limit} bytes of a stream and a count of the rest. */
  private static final class Bounded {
    private final byte[] kept;
    private int size;
    private long total;

    Bounded(int limit) {
      kept = new byte[limit];
    }

    void append(byte[] b, int n) {
      int room = Math.min(n, kept.length - size);
      System.arraycopy(b, 0, kept, size, room);
      size += room;
      total += n;
    }

    String text() {
      String s = new String(kept, 0, size, StandardCharsets.UTF_8);
      return total > size ? s + "\n" + Messages.get("output.cut", total - size) : s;
    }
  }
}
