package dev.netlab.common.impair;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One direction of the relay: decides each datagram's fate and carries it out on the relay's single
 * event loop (so decisions happen in arrival order, which keeps a seeded run repeatable).
 */
final class RelayDirection {
  /** A held-back datagram goes anyway if no later ones come to overtake it within this time. */
  static final long REORDER_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Impairment imp;
  private final ImpairmentModel model;
  private final RelayStats stats;
  private final EventLoop loop;
  private final List<Held> held = new ArrayList<>();
  private long linkFreeAt;
  private int queued;

  /** Sends a datagram on; takes ownership of it. */
  @FunctionalInterface
  interface Outlet {
    /**
     * @return false if the datagram was dropped there (the outbound socket was full or gone)
     */
    boolean send(ByteBuf buf);
  }

  private static final class Held {
    final ByteBuf buf;
    final Outlet out;
    final long index;
    int overtakesLeft;

    Held(ByteBuf buf, Outlet out, long index, int overtakesLeft) {
      this.buf = buf;
      this.out = out;
      this.index = index;
      this.overtakesLeft = overtakesLeft;
    }
  }

  RelayDirection(Impairment imp, long seed, RelayStats stats, EventLoop loop) {
    this.imp = imp;
    this.model = new ImpairmentModel(imp, seed);
    this.stats = stats;
    this.loop = loop;
  }

  RelayStats stats() {
    return stats;
  }

  /**
   * Handles one datagram's payload; {@code out} sends a buffer on to its destination and takes
   * ownership of it. Does not keep or release {@code content}.
   */
  void handle(ByteBuf content, Outlet out) {
    Fate f = model.next(content.readableBytes());
    stats.record(f);
    if (f.dropped()) {
      return;
    }
    ByteBuf copy = content.copy();
    if (f.corruptBit() >= 0) {
      int at = copy.readerIndex() + (int) (f.corruptBit() / 8);
      copy.setByte(at, copy.getByte(at) ^ (1 << (f.corruptBit() % 8)));
    }
    for (int c = 1; c < f.copies(); c++) {
      depart(copy.retainedDuplicate(), out, f.index(), f.delayNanos());
    }
    if (f.reordered()) {
      Held h = new Held(copy, out, f.index(), imp.reorderDistance());
      held.add(h);
      loop.schedule(() -> release(h), REORDER_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    } else {
      depart(copy, out, f.index(), f.delayNanos());
    }
  }

  private void depart(ByteBuf buf, Outlet out, long index, long delayNanos) {
    long now = System.nanoTime();
    long at = now + delayNanos;
    if (imp.rateBitsPerSecond() > 0) {
      if (queued >= imp.queueLimit()) {
        stats.queueDrop(index);
        buf.release();
        return;
      }
      at = Math.max(at, linkFreeAt);
      linkFreeAt = at + buf.readableBytes() * 8L * 1_000_000_000L / imp.rateBitsPerSecond();
    }
    queued++;
    if (at <= now) {
      send(buf, out, index);
    } else {
      loop.schedule(() -> send(buf, out, index), at - now, TimeUnit.NANOSECONDS);
    }
  }

  private void send(ByteBuf buf, Outlet out, long index) {
    queued--;
    if (out.send(buf)) {
      stats.forwarded();
    } else {
      stats.outboundFull(index);
    }
    // every datagram that goes ahead overtakes the held-back ones
    List<Held> ready = new ArrayList<>();
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (--h.overtakesLeft <= 0) {
        it.remove();
        ready.add(h);
      }
    }
    for (Held h : ready) {
      depart(h.buf, h.out, h.index, 0);
    }
  }

  private void release(Held h) {
    if (held.remove(h)) {
      depart(h.buf, h.out, h.index, 0);
    }
  }

  /** Frees what is still held or queued when the relay stops. */
  void close() {
    for (Held h : held) {
      h.buf.release();
    }
    held.clear();
  }
}
