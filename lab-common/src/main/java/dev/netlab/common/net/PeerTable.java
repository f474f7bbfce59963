package dev.netlab.common.net;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server remembers per peer (a relay's flow, a receiver's connection, a sender's counts),
 * bounded and expiring, so that 40 students each running a new client, some killed mid-transfer,
 * and one hostile peer sending garbage cannot fill a server's memory or lock out everyone else.
 *
 * <ul>
 *   <li>an entry not heard from for {@code idleTimeout} expires (found by {@link #expire}, which
 *       {@link #sweepEvery} runs on the owner's event loop, and whenever a new peer arrives);
 *   <li>at most {@code capacity} entries: a new peer then evicts the idlest entry if it has been
 *       quiet for at least {@code protectFor}; failing that, the <em>newest</em> entry heard from
 *       only once (a peer that sent one datagram, or a forged one). Newest, not oldest: a flood of
 *       one-datagram peers then only pushes out its own, while a real peer between its first and
 *       second datagram (a SYN answered, its first DATA on the way) keeps its place. If there is
 *       neither, the new peer is refused, so a burst of fresh peers cannot push out transfers that
 *       are running;
 *   <li>every eviction and refusal is counted ({@code peers_evicted}, {@code peers_refused}) and
 *       logged, expiries are counted ({@code peers_expired});
 *   <li>the owner is told of every entry that leaves (expired, evicted, removed, cleared), to free
 *       what it holds (sockets, buffers).
 * </ul>
 *
 * <p>Not thread-safe: one event loop owns a table, as it owns its channel. Counters may be read
 * from other threads (metrics, summaries) and are then at most a little stale.
 */
public final class PeerTable<K, V> {
  /** Why an entry left the table. */
  public enum Removal {
    /** Quiet for the idle timeout. */
    EXPIRED,
    /** The idlest entry, pushed out by a new peer while the table was full. */
    EVICTED,
    /** Removed by its owner (the peer finished). */
    REMOVED,
    /** The table was cleared (the server stops). */
    CLEARED
  }

  /** Told of every entry that leaves the table. */
  @FunctionalInterface
  public interface RemovalListener<K, V> {
    void removed(K key, V value, Removal why);
  }

  private static final Logger log = LoggerFactory.getLogger(PeerTable.class);

  private final String what;
  private final int capacity;
  private final long idleNanos;
  private final long protectNanos;
  private final RemovalListener<K, V> listener;

  /** In access order: the first entry is the idlest. */
  private final LinkedHashMap<K, Entry<K, V>> entries = new LinkedHashMap<>(16, 0.75f, true);

  private volatile long evicted;
  private volatile long refused;
  private volatile long expired;
  private volatile int size;

  /** Entries heard from once, newest last (lazily cleaned: see {@link #evictNewestOnce}). */
  private final ArrayDeque<Entry<K, V>> once = new ArrayDeque<>();

  private static final class Entry<K, V> {
    final K key;
    final V value;
    long lastHeard;

    /** Times heard from, its first datagram included (saturates). */
    int heard = 1;

    boolean gone;

    Entry(K key, V value, long lastHeard) {
      this.key = key;
      this.value = value;
      this.lastHeard = lastHeard;
    }
  }

  /**
   * @param what what an entry is, for log lines ("flow", "connection", "sender")
   * @param capacity entries at most
   * @param idleTimeout an entry quiet this long expires
   * @param protectFor an entry heard from within this time is never evicted to make room
   * @param listener told of every entry that leaves
   */
  public PeerTable(
      String what,
      int capacity,
      Duration idleTimeout,
      Duration protectFor,
      RemovalListener<K, V> listener) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a peer table holds at least one peer; got " + capacity);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("the idle timeout must be positive; got " + idleTimeout);
    }
    this.what = Objects.requireNonNull(what, "what");
    this.capacity = capacity;
    this.idleNanos = idleTimeout.toNanos();
    this.protectNanos = Math.min(protectFor.toNanos(), idleNanos);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The entry for {@code key}, marked as heard from at {@code now}; null if there is none (or it
   * has been quiet for longer than the idle timeout: then it expires here).
   */
  public V get(K key, long now) {
    Entry<K, V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (now - e.lastHeard >= idleNanos) {
      entries.remove(key);
      leave(key, e, Removal.EXPIRED);
      return null;
    }
    e.lastHeard = now;
    if (e.heard < Integer.MAX_VALUE) {
      e.heard++;
    }
    return e.value;
  }

  /** The entry for {@code key} without marking it heard from, or null. */
  public V peek(K key) {
    Entry<K, V> e = entries.get(key);
    return e == null ? null : e.value;
  }

  /**
   * The entry for {@code key} (heard from at {@code now}), made with {@code create} if there is
   * none. A full table first drops what has expired, then evicts the idlest entry if it has been
   * quiet for the protection time; if it has not, the new peer is refused: null.
   */
  public V getOrCreate(K key, long now, Function<? super K, ? extends V> create) {
    V v = get(key, now);
    if (v != null) {
      return v;
    }
    if (entries.size() >= capacity) {
      expire(now);
    }
    if (entries.size() >= capacity && !evictIdlest(now) && !evictNewestOnce()) {
      refused++;
      log.info(
          "{} table full ({} {}s, all active within {} ms): refusing {}",
          what,
          capacity,
          what,
          protectNanos / 1_000_000,
          key);
      return null;
    }
    v = Objects.requireNonNull(create.apply(key), "a new peer's state");
    Entry<K, V> e = new Entry<>(key, v, now);
    entries.put(key, e);
    once.addLast(e);
    if (once.size() > 2 * capacity) {
      once.removeIf(o -> o.gone || o.heard > 1); // bounded: at most one per entry remains
    }
    size = entries.size();
    return v;
  }

  /** Evicts the idlest entry if it has been quiet for the protection time. */
  private boolean evictIdlest(long now) {
    Entry<K, V> idlest = entries.values().iterator().next();
    long quiet = now - idlest.lastHeard;
    if (quiet < protectNanos) {
      return false;
    }
    evict(idlest, "quiet for " + quiet / 1_000_000 + " ms");
    return true;
  }

  /** Evicts the newest entry heard from only once, if there is one. */
  private boolean evictNewestOnce() {
    for (Entry<K, V> e = once.pollLast(); e != null; e = once.pollLast()) {
      if (!e.gone && e.heard == 1) {
        evict(e, "heard from once, the newest such");
        return true;
      }
    }
    return false;
  }

  private void evict(Entry<K, V> e, String why) {
    entries.remove(e.key);
    evicted++;
    log.info("{} table full ({} {}s): evicting {}, {}", what, capacity, what, e.key, why);
    leave(e.key, e, Removal.EVICTED);
  }

  /** Removes {@code key}'s entry (its peer finished); the listener is told. */
  public V remove(K key) {
    Entry<K, V> e = entries.remove(key);
    if (e == null) {
      return null;
    }
    leave(key, e, Removal.REMOVED);
    return e.value;
  }

  /**
   * Drops every entry quiet for the idle timeout at {@code now}.
   *
   * @return how many expired
   */
  public int expire(long now) {
    int n = 0;
    // the idlest come first: stop at the first entry still alive
    for (Iterator<Map.Entry<K, Entry<K, V>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, Entry<K, V>> e = it.next();
      if (now - e.getValue().lastHeard < idleNanos) {
        break;
      }
      it.remove();
      leave(e.getKey(), e.getValue(), Removal.EXPIRED);
      n++;
    }
    return n;
  }

  /** Drops every entry (the server stops); the listener is told of each. */
  public void clear() {
    List<Map.Entry<K, Entry<K, V>>> all = new ArrayList<>(entries.entrySet());
    entries.clear();
    once.clear();
    for (Map.Entry<K, Entry<K, V>> e : all) {
      leave(e.getKey(), e.getValue(), Removal.CLEARED);
    }
  }

  private void leave(K key, Entry<K, V> e, Removal why) {
    e.gone = true;
    size = entries.size();
    if (why == Removal.EXPIRED) {
      expired++;
      log.debug("{} {} expired: quiet for the idle timeout", what, key);
    }
    listener.removed(key, e.value, why);
  }

  /**
   * Runs {@link #expire} on {@code loop} (the table's owner) every quarter of the idle timeout (at
   * least every 10 ms, at most every second), so that expired peers let go of what they hold even
   * when no new peer arrives. Cancel the returned future when the server stops.
   */
  public ScheduledFuture<?> sweepEvery(ScheduledExecutorService loop) {
    long every = Math.max(10_000_000L, Math.min(1_000_000_000L, idleNanos / 4));
    return loop.scheduleWithFixedDelay(
        () -> expire(System.nanoTime()), every, every, TimeUnit.NANOSECONDS);
  }

  /**
   * Registers {@code netlab.<prefix>.peers} (a gauge) and {@code .peers_evicted}, {@code
   * .peers_refused}, {@code .peers_expired} (counters).
   */
  public PeerTable<K, V> register(MeterRegistry registry, String prefix) {
    Gauge.builder(prefix + ".peers", this, t -> t.size)
        .description(what + "s held now")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(prefix + ".peers_evicted", this, t -> t.evicted)
        .description("idlest " + what + "s evicted to make room")
        .register(registry);
    FunctionCounter.builder(prefix + ".peers_refused", this, t -> t.refused)
        .description("new " + what + "s refused: the table was full of active ones")
        .register(registry);
    FunctionCounter.builder(prefix + ".peers_expired", this, t -> t.expired)
        .description(what + "s dropped after the idle timeout")
        .register(registry);
    return this;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  public Duration idleTimeout() {
    return Duration.ofNanos(idleNanos);
  }

  public long evicted() {
    return evicted;
  }

  public long refused() {
    return refused;
  }

  public long expired() {
    return expired;
  }

  /** The counters, for a server's JSON. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peers", size);
    m.put("peers_max", capacity);
    m.put("peer_idle_timeout_s", idleNanos / 1e9);
    m.put("peers_evicted", evicted);
    m.put("peers_refused", refused);
    m.put("peers_expired", expired);
    return m;
  }
}
