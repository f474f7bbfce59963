package dev.netlab.common.metrics;

import dev.netlab.common.base.Console;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Throughput per interval and overall, printed the way iperf3 does: {@code [ 1] 0.00-1.00 sec 2.73
 * GBytes 23.4 Gbits/sec}. Reads a byte counter; never touches the data path.
 */
public final class IntervalReporter {
  private final Console console;
  private final String stream;
  private final Duration interval;
  private final LongSupplier bytes;
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long lastBytes;
  private ScheduledFuture<?> task;

  /**
   * @param stream the stream's label, such as "1"
   * @param interval how often to print; zero prints only the total
   */
  public IntervalReporter(Console console, String stream, Duration interval, LongSupplier bytes) {
    this.console = console;
    this.stream = stream;
    this.interval = interval;
    this.bytes = bytes;
  }

  public IntervalReporter start(EventExecutor executor) {
    if (!interval.isZero()) {
      long n = interval.toNanos();
      task = executor.scheduleAtFixedRate(this::tick, n, n, TimeUnit.NANOSECONDS);
    }
    return this;
  }

  private synchronized void tick() {
    long now = System.nanoTime();
    long b = bytes.getAsLong();
    console.say(line(lastNanos - startNanos, now - startNanos, b - lastBytes, ""));
    lastNanos = now;
    lastBytes = b;
  }

  /**
   * Stops the interval lines and prints the overall one.
   *
   * @return seconds since start
   */
  public synchronized double finish(String role) {
    if (task != null) {
      task.cancel(false);
    }
    long elapsed = System.nanoTime() - startNanos;
    console.say(line(0, elapsed, bytes.getAsLong(), "  " + role));
    return elapsed / 1e9;
  }

  private String line(long fromNanos, long toNanos, long byteCount, String suffix) {
    double seconds = Math.max(1e-9, (toNanos - fromNanos) / 1e9);
    return String.format(
        Locale.ROOT,
        "[%3s] %6.2f-%-6.2f sec  %s  %s%s",
        stream,
        fromNanos / 1e9,
        toNanos / 1e9,
        bytes(byteCount),
        bitsPerSecond(byteCount * 8 / seconds),
        suffix);
  }

  /** {@code 1.25 GBytes}, binary units as iperf3 prints them. */
  public static String bytes(long n) {
    String[] units = {"Bytes", "KBytes", "MBytes", "GBytes", "TBytes"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%6.0f %-6s" : "%6.2f %-6s", v, units[u]);
  }

  /** {@code 23.4 Gbits/sec}, decimal units as iperf3 prints them. */
  public static String bitsPerSecond(double bps) {
    String[] units = {"bits/sec", "Kbits/sec", "Mbits/sec", "Gbits/sec", "Tbits/sec"};
    double v = bps;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%6.2f %s", v, units[u]);
  }
}
