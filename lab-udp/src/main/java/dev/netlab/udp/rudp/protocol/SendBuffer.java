package dev.netlab.udp.rudp.protocol;

import dev.netlab.udp.rudp.wire.RudpCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The sender's datagrams from the oldest unacknowledged ({@link #base}) to the next to send ({@link
 * #next}), kept whole (header, CRC) to be sent again, with what the receiver said of each (SACKed)
 * and what the sender concluded (lost, queued to resend). One slot per sequence number in a ring of
 * at least twice the window; RFC 6675's counts (SACKed, lost, pipe) are kept as slots change.
 */
final class SendBuffer {
  /** One datagram sent and not yet acknowledged. */
  static final class Slot {
    ByteBuf data;
    long sentAt;
    boolean retransmitted;
    boolean sacked;
    boolean lost;

    /** Resent by a retransmission timeout (RFC 5681: ssthresh is not lowered again for it). */
    boolean resentByTimeout;
  }

  /** What to do with each datagram newly known delivered (RACK's bookkeeping). */
  interface Delivered {
    void delivered(long seq, Slot slot);
  }

  private final Slot[] ring;
  private final int mask;
  private final int datagramSize;

  /** Datagrams marked lost, to resend (entries no longer marked are skipped). */
  private final ArrayDeque<Long> lostQueue = new ArrayDeque<>();

  /** Buffers of acknowledged datagrams, free for new ones (see {@link #release}). */
  private final ArrayDeque<ByteBuf> spare = new ArrayDeque<>();

  private long base;
  private long next;
  private long sacked;
  private long lost;
  private long highestSacked = -1;

  /**
   * @param window most datagrams outstanding at once
   * @param datagramSize bytes of a whole DATA datagram, for reusing buffers
   */
  SendBuffer(int window, int datagramSize) {
    int capacity = Integer.highestOneBit(Math.max(2, window) * 2 - 1);
    this.ring = new Slot[capacity];
    this.mask = capacity - 1;
    this.datagramSize = datagramSize;
    for (int i = 0; i < capacity; i++) {
      ring[i] = new Slot();
    }
  }

  /** The oldest datagram not cumulatively acknowledged. */
  long base() {
    return base;
  }

  /** The next sequence number to send. */
  long next() {
    return next;
  }

  /** Datagrams sent and not cumulatively acknowledged (RFC 5681's FlightSize). */
  long outstanding() {
    return next - base;
  }

  /** Outstanding datagrams the receiver SACKed. */
  long sacked() {
    return sacked;
  }

  /** Datagrams in the network (RFC 6675's pipe): outstanding, not SACKed, not lost unresent. */
  long pipe() {
    return next - base - sacked - lost;
  }

  Slot slot(long seq) {
    return ring[(int) (seq & mask)];
  }

  /** A buffer for a new datagram: one an acknowledged datagram left, or a new one. */
  ByteBuf buffer(ByteBufAllocator alloc) {
    return spare.isEmpty() ? alloc.directBuffer(datagramSize) : spare.pop().clear();
  }

  /** Takes back a buffer from {@link #buffer} that was not used. */
  void unused(ByteBuf b) {
    spare.push(b);
  }

  /**
   * Records datagram {@link #next} as sent at {@code now}; {@code data} is kept to resend it (null:
   * never resent).
   */
  void sent(ByteBuf data, long now) {
    Slot o = slot(next);
    release(o); // (the slot's last datagram was acknowledged long ago)
    o.data = data;
    o.sentAt = now;
    o.retransmitted = false;
    o.sacked = false;
    o.lost = false;
    o.resentByTimeout = false;
    next++;
  }

  /**
   * Datagram {@code o} goes again at {@code now}; returns a copy for the socket. The first time,
   * the kept datagram is replaced by one flagged as a retransmission ({@link
   * RudpCodec#FLAG_RETRANSMISSION}), which every later copy shares.
   */
  ByteBuf resent(Slot o, long now, ByteBufAllocator alloc) {
    unmarkLost(o);
    if (!o.retransmitted) {
      ByteBuf flagged = RudpCodec.retransmission(o.data, alloc);
      o.data.release();
      o.data = flagged;
    }
    o.retransmitted = true;
    o.sentAt = now;
    return o.data.retainedDuplicate();
  }

  /**
   * Everything below {@code ack} arrived: lets those datagrams go.
   *
   * @return how many of them were not SACKed before (each also told to {@code d})
   */
  long acknowledge(long ack, Delivered d) {
    long newly = 0;
    for (long s = base; s < ack; s++) {
      Slot o = slot(s);
      if (o.sacked) {
        sacked--;
      } else {
        newly++;
        d.delivered(s, o);
      }
      unmarkLost(o);
      release(o);
    }
    base = ack;
    return newly;
  }

  /**
   * The receiver holds the datagrams of these [start, end) blocks.
   *
   * @return how many were not SACKed before (each also told to {@code d})
   */
  long sack(List<long[]> blocks, Delivered d) {
    long newly = 0;
    for (long[] b : blocks) {
      for (long s = Math.max(b[0], base); s < Math.min(b[1], next); s++) {
        Slot o = slot(s);
        if (!o.sacked) {
          o.sacked = true;
          sacked++;
          newly++;
          unmarkLost(o);
          d.delivered(s, o);
        }
        highestSacked = Math.max(highestSacked, s);
      }
    }
    return newly;
  }

  /** Marks datagram {@code seq} lost and queues it to resend (once, however often marked). */
  void markLost(long seq) {
    Slot o = slot(seq);
    if (!o.lost) {
      o.lost = true;
      lost++;
      lostQueue.add(seq);
    }
  }

  private void unmarkLost(Slot o) {
    if (o.lost) {
      o.lost = false;
      lost--;
    }
  }

  /** Forgets every loss mark and the queue (a timeout starts over). */
  void clearLost() {
    lostQueue.clear();
    for (long s = base; s < next; s++) {
      slot(s).lost = false;
    }
    lost = 0;
  }

  /** Whether a lost datagram waits to be resent (possibly a stale entry: see {@link #pollLost}). */
  boolean anyLost() {
    return !lostQueue.isEmpty();
  }

  /** The next datagram marked lost and still outstanding, or -1 if none is. */
  long pollLost() {
    while (!lostQueue.isEmpty()) {
      long s = lostQueue.poll();
      Slot o = slot(s);
      if (s >= base && s < next && o.lost && o.data != null) {
        return s;
      }
    }
    return -1;
  }

  /** The oldest outstanding datagram not SACKed (base itself: the receiver never SACKs it). */
  long oldestUnsacked() {
    long s = base;
    while (s < next - 1 && slot(s).sacked) {
      s++;
    }
    return s;
  }

  /** The newest outstanding datagram not SACKed (base at worst). */
  long highestUnsacked() {
    long s = next - 1;
    while (s > base && slot(s).sacked) {
      s--;
    }
    return s;
  }

  /** Whether {@code run} consecutive datagrams below the highest SACKed one are all missing. */
  boolean runMissing(int run) {
    int missing = 0;
    for (long s = base; s < highestSacked && s < next; s++) {
      Slot o = slot(s);
      missing = !o.sacked && o.data != null ? missing + 1 : 0;
      if (missing >= run) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lets go of an acknowledged datagram. Its buffer is kept for a later datagram when nothing else
   * holds it any more (every copy handed to the socket was sent): allocating a buffer for each
   * datagram cost the event loop about a tenth of its time at full speed.
   */
  private void release(Slot o) {
    if (o.data == null) {
      return;
    }
    if (o.data.refCnt() == 1 && o.data.capacity() >= datagramSize && spare.size() < ring.length) {
      spare.push(o.data);
    } else {
      o.data.release();
    }
    o.data = null;
  }

  /** Lets go of every buffer; call once the transfer is over. */
  void close() {
    for (Slot o : ring) {
      if (o.data != null) {
        o.data.release();
        o.data = null;
      }
    }
    while (!spare.isEmpty()) {
      spare.pop().release();
    }
  }
}
