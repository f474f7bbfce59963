package dev.netlab.common.base;

/**
 * The one switch for JIT warm-ups: servers and clients that can run their hot path once before the
 * socket opens (so the first real datagrams do not wait for class loading and compilation while the
 * kernel's receive buffer overflows) do so only when asked: {@code --warm-up} on the command line,
 * or {@code -Dnetlab.warmup=true} (what the benchmark scripts pass). Off by default: a student sees
 * what a cold program does, and the first SYN-ACK or ping may take a few hundred milliseconds more.
 */
public final class WarmUp {
  private static volatile boolean enabled = Boolean.getBoolean("netlab.warmup");

  private WarmUp() {}

  public static boolean enabled() {
    return enabled;
  }

  /** Turns warm-ups on or off for this process. */
  public static void enable(boolean on) {
    enabled = on;
  }

  /** A warm-up, run by {@link #ifEnabled}. */
  @FunctionalInterface
  public interface Task {
    void run() throws InterruptedException;
  }

  /** Runs {@code task} if warm-ups are on. */
  public static void ifEnabled(Task task) throws InterruptedException {
    if (enabled) {
      task.run();
    }
  }
}
