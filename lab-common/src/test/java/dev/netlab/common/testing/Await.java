package dev.netlab.common.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking often: for states no latch announces. */
public final class Await {
  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

  private Await() {}

  /**
   * @throws AssertionError naming {@code what} if the condition is still false at the deadline
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + what + " within " + timeout.toMillis() + " ms");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
