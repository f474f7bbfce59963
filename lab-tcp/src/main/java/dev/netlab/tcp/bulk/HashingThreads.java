package dev.netlab.tcp.bulk;

import dev.netlab.common.base.BackgroundSha256;
import java.util.concurrent.Executor;

/**
 * Where the bulk pair hashes: on a helper thread, overlapped with the event loop's socket calls, or
 * on the event loop itself. Measured on two cores with both ends on loopback (4 GiB, SHA-256 on
 * both ends): hashing cost each end about 2.3 CPU-seconds and its socket calls about 0.9, so each
 * end already keeps one core busy; helpers added a thread per end that only took turns with the
 * event loops and cost about 7% of the throughput. With a core per thread, each end runs at its
 * hashing thread's speed instead of hashing plus socket calls (about a third faster).
 */
final class HashingThreads {
  /**
   * Cores from which helpers pay: sender and sink on one machine keep four threads busy (an event
   * loop and a helper each).
   */
  static final int MIN_CORES_FOR_HELPERS = 4;

  private HashingThreads() {}

  /** The helper threads with enough cores for them, else the caller's own thread. */
  static Executor forThisMachine() {
    return Runtime.getRuntime().availableProcessors() >= MIN_CORES_FOR_HELPERS
        ? BackgroundSha256.helpers()
        : Runnable::run;
  }
}
