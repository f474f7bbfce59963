package dev.netlab.ports.host;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's bound on open TCP connections, all services together, and the idle time after which it
 * closes one: a forgotten {@code nc} or a client that stopped reading holds a socket (and its
 * buffers) only so long, and a flood of connections cannot exhaust the process's file descriptors.
 */
public final class ConnectionLimit {
  /** Open connections at most, by default: a classroom many times over, far below ulimit -n. */
  public static final int DEFAULT_MAX = 1024;

  /** A connection with nothing read or written for this long is closed, by default. */
  public static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);

  private final int max;
  private final Duration idle;
  private final AtomicInteger open = new AtomicInteger();
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  public ConnectionLimit(int max, Duration idle) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one connection; got " + max);
    }
    if (idle.isZero() || idle.isNegative()) {
      throw new IllegalArgumentException("the idle timeout must be positive; got " + idle);
    }
    this.max = max;
    this.idle = idle;
  }

  /** Admits {@code ch} if fewer than the maximum are open; false refuses it. */
  boolean tryOpen(Channel ch) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    channels.add(ch);
    return true;
  }

  /** An admitted connection closed. */
  void closed() {
    open.decrementAndGet();
  }

  public int max() {
    return max;
  }

  public Duration idle() {
    return idle;
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }

  /** The open connections themselves (a closed one leaves the group by itself). */
  public ChannelGroup channels() {
    return channels;
  }

  /** Registers {@code netlab.ports.connections.open} (a gauge). */
  void register(MeterRegistry registry) {
    Gauge.builder(ServiceMeters.PREFIX + "connections.open", open, AtomicInteger::get)
        .description("TCP connections open now, every service together (at most " + max + ")")
        .strongReference(true)
        .register(registry);
  }
}
