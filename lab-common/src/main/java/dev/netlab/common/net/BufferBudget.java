package dev.netlab.common.net;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What all of a server's peers together may make it buffer, in bytes: a peer that never fills the
 * hole in front of its data (or a hundred of them) takes at most this much memory, however large
 * the windows they were offered. A buffer that would go past it is refused and counted; the peer
 * sends it again later, as after any loss.
 *
 * <p>Not thread-safe: one event loop owns a budget. Counters may be read from other threads.
 */
public final class BufferBudget {
  private final long limit;
  private volatile long used;
  private volatile long peak;
  private volatile long refused;

  /**
   * @param limit bytes at most, all peers together
   */
  public BufferBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a buffer budget must be positive; got " + limit);
    }
    this.limit = limit;
  }

  /**
   * Takes {@code bytes} from the budget if they fit.
   *
   * @return false (and counts a refusal) if they do not
   */
  public boolean reserve(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation: " + bytes);
    }
    if (used + bytes > limit) {
      refused++;
      return false;
    }
    used += bytes;
    if (used > peak) {
      peak = used;
    }
    return true;
  }

  /** Gives back {@code bytes} taken with {@link #reserve}. */
  public void release(long bytes) {
    if (bytes < 0 || bytes > used) {
      throw new IllegalStateException("releasing " + bytes + " bytes of " + used + " in use");
    }
    used -= bytes;
  }

  /** Bytes still free. */
  public long available() {
    return limit - used;
  }

  public long limit() {
    return limit;
  }

  public long used() {
    return used;
  }

  public long peak() {
    return peak;
  }

  /** Buffers refused because the budget was spent. */
  public long refused() {
    return refused;
  }

  /**
   * Registers {@code <prefix>.buffered_bytes} (gauge) and {@code <prefix>.buffer_refused}
   * (counter).
   */
  public BufferBudget register(MeterRegistry registry, String prefix) {
    Gauge.builder(prefix + ".buffered_bytes", this, b -> b.used)
        .description("bytes buffered for peers now (limit " + limit + ")")
        .strongReference(true)
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder(prefix + ".buffer_refused", this, b -> b.refused)
        .description("datagrams not buffered: every peer's buffers together reached the limit")
        .register(registry);
    return this;
  }
}
