package dev.netlab.common.net;

import java.time.Duration;

/**
 * How many peers a server keeps state for, and how long a quiet one is kept: the settings of every
 * {@link PeerTable} a server or relay makes.
 *
 * @param max peers at most; a new one then evicts the idlest, or is refused if all are active
 * @param idle a peer quiet this long is forgotten (like conntrack's 30 s for UDP)
 */
public record PeerLimits(int max, Duration idle) {
  /** Enough for a classroom many times over; long enough for a paused student. */
  public static final PeerLimits DEFAULT = new PeerLimits(1024, Duration.ofSeconds(30));

  /**
   * A peer heard from within this time is never evicted to make room: a burst of fresh peers (or of
   * forged connection ids) cannot push out transfers that are running.
   */
  public static final Duration PROTECT = Duration.ofSeconds(2);

  public PeerLimits {
    if (max < 1) {
      throw new IllegalArgumentException("at least one peer; got " + max);
    }
    if (idle.isZero() || idle.isNegative()) {
      throw new IllegalArgumentException("the idle timeout must be positive; got " + idle);
    }
  }

  /** A table with these limits. */
  public <K, V> PeerTable<K, V> newTable(String what, PeerTable.RemovalListener<K, V> listener) {
    return new PeerTable<>(what, max, idle, PROTECT, listener);
  }
}
