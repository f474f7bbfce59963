package dev.netlab.ports.scan;

/**
 * Spaces probes at most {@code rate} per second: each may start one interval after the one before
 * it, with no burst beyond one interval's credit. Rate 0 never holds anything back.
 */
final class Pacer {
  private final long intervalNanos;
  private long next;

  Pacer(long rate, long now) {
    this.intervalNanos = rate == 0 ? 0 : Math.max(1, 1_000_000_000L / rate);
    this.next = now;
  }

  /** Whether a probe may start at {@code now}; if so, takes its slot. */
  boolean tryTake(long now) {
    if (intervalNanos == 0) {
      return true;
    }
    if (now - next < 0) {
      return false;
    }
    // a late caller gets no catch-up burst: the next slot is one interval after now at most
    next = Math.max(next, now - intervalNanos) + intervalNanos;
    return true;
  }

  /** Nanoseconds until the next probe may start; 0 when it may now. */
  long waitNanos(long now) {
    return intervalNanos == 0 ? 0 : Math.max(0, next - now);
  }
}
