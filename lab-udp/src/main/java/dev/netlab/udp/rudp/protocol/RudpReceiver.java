package dev.netlab.udp.rudp.protocol;

import dev.netlab.common.base.Sha256;
import dev.netlab.common.net.BufferBudget;
import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving side of one connection, without sockets: takes DATA in arrival order, delivers
 * bytes in sequence order (hashing them, and writing them if asked), and says what to acknowledge.
 *
 * <ul>
 *   <li>reliable: buffers out-of-order datagrams within its window and reports them as SACK blocks;
 *   <li>gbn: accepts only the next expected datagram;
 *   <li>sequenced: delivers whatever is newest, skipping gaps (counted lost), dropping datagrams
 *       older than the last delivered one (counted late).
 * </ul>
 *
 * <p>What it buffers out of order comes from a {@link BufferBudget} shared by every connection of
 * the server: a datagram that does not fit is dropped (counted as {@code buffer_refused}) and the
 * sender resends it, and the window advertised never offers more than the budget has left.
 * Datagrams at or past the announced end of the transfer are counted ({@code beyond_end}) and
 * dropped.
 */
public final class RudpReceiver {
  private final long id;
  private final RudpMode mode;
  private final int window;
  private final long announced;
  private final int payloadSize;
  private final BufferBudget budget;
  private final OutputStream sink;
  private final MessageDigest digest;
  private final TreeMap<Long, byte[]> buffered = new TreeMap<>();

  /** The runs of {@link #buffered} sequence numbers: start to end (exclusive), for SACK blocks. */
  private final TreeMap<Long, Long> runs = new TreeMap<>();

  /** Datagrams whose blocks went first in the latest ACKs, newest first (RFC 2018's repeats). */
  private final ArrayDeque<Long> reported = new ArrayDeque<>();

  /**
   * Sequenced mode: the runs of skipped sequence numbers (start to end, exclusive) that may still
   * arrive late, at most {@link #MAX_SKIPPED_RUNS}: lost means never arrived, late means arrived
   * after being skipped, and a datagram is never both.
   */
  private final TreeMap<Long, Long> skippedRuns = new TreeMap<>();

  /** Skipped runs remembered at most (a bound a hostile sender cannot push past). */
  static final int MAX_SKIPPED_RUNS = 4096;

  private long expected;
  private long highest = -1;
  private long retransmitted;
  private long delivered;
  private long deliveredBytes;
  private long received;
  private long duplicates;
  private long reordered;
  private long late;
  private long skipped;
  private long outOfWindow;
  private long bufferRefused;
  private long beyondEnd;
  private long bufferedBytes;
  private boolean ackDue;

  /** The sequence number of the last DATA datagram that arrived: the next ACK echoes it. */
  private long newest;

  private byte[] finAck;

  /**
   * @param window datagrams buffered at most (reliable) and advertised to the sender
   * @param syn what the sender announced: the transfer's datagram count and payload size
   * @param budget what this and every other connection of the server may buffer together
   * @param sink where delivered bytes go, or null to only hash them
   */
  public RudpReceiver(
      long id, RudpMode mode, int window, SynPayload syn, BufferBudget budget, OutputStream sink) {
    this.id = id;
    this.mode = mode;
    this.window = window;
    this.announced = syn.datagrams();
    this.payloadSize = syn.payloadSize();
    this.budget = budget;
    this.sink = sink;
    this.digest = Sha256.newDigest();
  }

  public long id() {
    return id;
  }

  public RudpMode mode() {
    return mode;
  }

  /**
   * Takes one DATA datagram's payload. It is read (hashed, written) at once if it is next in order;
   * if it comes early it is copied, so the caller keeps ownership of {@code payload} either way.
   */
  public void onData(long seq, ByteBuf payload) {
    onData(seq, payload, false);
  }

  /**
   * {@link #onData(long, ByteBuf)} for a datagram the sender flagged as a retransmission ({@link
   * RudpCodec#FLAG_RETRANSMISSION}): its arrival below newer datagrams is counted as a
   * retransmission that arrived, not as reordering by the network.
   */
  public void onData(long seq, ByteBuf payload, boolean retransmission) {
    if (seq >= announced) {
      beyondEnd++;
      return;
    }
    received++;
    ackDue = true;
    newest = seq;
    if (retransmission) {
      retransmitted++;
    } else if (seq < highest) {
      reordered++;
    }
    highest = Math.max(highest, seq);
    switch (mode) {
      case SEQUENCED -> {
        if (seq < expected) {
          if (unskip(seq)) {
            late++; // skipped as lost, then arrived: late, and no longer lost
          } else {
            duplicates++; // delivered already
          }
          return;
        }
        if (seq > expected) {
          skip(expected, seq);
        }
        deliver(payload);
        expected = seq + 1;
      }
      case GBN -> {
        if (seq == expected) {
          deliver(payload);
          expected++;
        } else if (seq < expected) {
          duplicates++;
        } else {
          outOfWindow++;
        }
      }
      case RELIABLE -> {
        if (seq < expected || buffered.containsKey(seq)) {
          duplicates++;
        } else if (seq >= expected + window) {
          outOfWindow++;
        } else if (seq == expected) {
          deliver(payload);
          expected++;
          runs.remove(expected); // the run just above, if any, is delivered next
          byte[] next;
          while ((next = buffered.remove(expected)) != null) {
            unbuffer(next.length);
            deliver(Unpooled.wrappedBuffer(next));
            expected++;
          }
        } else if (budget.reserve(payload.readableBytes())) {
          bufferedBytes += payload.readableBytes();
          buffered.put(seq, ByteBufUtil.getBytes(payload));
          addToRuns(seq);
        } else {
          bufferRefused++; // not SACKed: the sender resends it when the budget has room again
        }
      }
    }
  }

  /** Sequenced mode: datagrams {@code [from, to)} were skipped (counted lost until they arrive). */
  private void skip(long from, long to) {
    skipped += to - from;
    skippedRuns.put(from, to);
    if (skippedRuns.size() > MAX_SKIPPED_RUNS) {
      skippedRuns.pollFirstEntry(); // the oldest: a datagram of it arriving now counts as late
    }
  }

  /**
   * Sequenced mode: {@code seq}, below the next expected, arrived; true when it had been skipped
   * (it is then no longer counted lost), false when it was delivered before (or skipped so long ago
   * that its run was forgotten).
   */
  private boolean unskip(long seq) {
    Map.Entry<Long, Long> run = skippedRuns.floorEntry(seq);
    if (run == null || seq >= run.getValue()) {
      return false;
    }
    skippedRuns.remove(run.getKey());
    if (run.getKey() < seq) {
      skippedRuns.put(run.getKey(), seq);
    }
    if (seq + 1 < run.getValue()) {
      skippedRuns.put(seq + 1, run.getValue());
    }
    skipped--;
    return true;
  }

  private void unbuffer(int bytes) {
    bufferedBytes -= bytes;
    budget.release(bytes);
  }

  /**
   * Lets go of everything buffered out of order, giving it back to the budget: the connection ended
   * (finished, expired, evicted). Idempotent.
   */
  public void release() {
    buffered.clear();
    skippedRuns.clear();
    runs.clear();
    budget.release(bufferedBytes);
    bufferedBytes = 0;
  }

  /** Bytes buffered out of order now. */
  public long bufferedBytes() {
    return bufferedBytes;
  }

  /** Joins {@code seq}, newly buffered, to the runs next to it. */
  private void addToRuns(long seq) {
    long start = seq;
    long end = seq + 1;
    Map.Entry<Long, Long> below = runs.floorEntry(seq);
    if (below != null && below.getValue() == seq) {
      start = below.getKey();
    }
    Long above = runs.remove(seq + 1);
    if (above != null) {
      end = above;
    }
    runs.put(start, end);
  }

  private void deliver(ByteBuf payload) {
    int n = payload.readableBytes();
    delivered++;
    deliveredBytes += n;
    Sha256.update(digest, payload);
    if (sink != null) {
      try {
        payload.getBytes(payload.readerIndex(), sink, n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Whether an ACK should go out (something arrived since the last one). Sequenced mode acks too:
   * the sender resends nothing, but learns the receiver is alive.
   */
  public boolean ackDue() {
    return ackDue;
  }

  /**
   * The ACK to send now; clears {@link #ackDue()}. Its seq echoes the newest datagram that arrived,
   * for the sender's RTT sample. SACK blocks as RFC 2018 orders them: first the run holding that
   * newest datagram, then the runs that went first in the latest ACKs, then the lowest runs; so the
   * sender hears of every arrival at once however many holes lie below it, and a block lost with
   * one ACK is repeated in the next ones.
   */
  public RudpPacket ack() {
    ackDue = false;
    List<long[]> sack = new ArrayList<>(RudpCodec.MAX_SACK_BLOCKS);
    if (addRunHolding(newest, sack)) {
      reported.remove(newest);
      reported.addFirst(newest);
      if (reported.size() > RudpCodec.MAX_SACK_BLOCKS) {
        reported.removeLast();
      }
    }
    for (long seq : reported) {
      addRunHolding(seq, sack);
    }
    for (Map.Entry<Long, Long> run : runs.entrySet()) {
      if (sack.size() == RudpCodec.MAX_SACK_BLOCKS) {
        break;
      }
      addRun(run.getKey(), run.getValue(), sack);
    }
    return RudpPacket.ack(id, newest, expected, freeWindow(), List.copyOf(sack));
  }

  /** Adds the run holding {@code seq}, if there is one; false if there is none. */
  private boolean addRunHolding(long seq, List<long[]> sack) {
    Map.Entry<Long, Long> run = runs.floorEntry(seq);
    if (run == null || run.getValue() <= seq) {
      return false;
    }
    addRun(run.getKey(), run.getValue(), sack);
    return true;
  }

  private static void addRun(long start, long end, List<long[]> sack) {
    if (sack.size() == RudpCodec.MAX_SACK_BLOCKS) {
      return;
    }
    for (long[] b : sack) {
      if (b[0] == start) {
        return;
      }
    }
    sack.add(new long[] {start, end});
  }

  /**
   * The window to advertise: free slots of this connection's window, but never more datagrams than
   * the shared budget still has room for.
   */
  int freeWindow() {
    long room = budget.available() / Math.max(1, payloadSize);
    return (int) Math.max(0, Math.min(Math.min(0xffff, window - buffered.size()), room));
  }

  /**
   * The FIN-ACK for a FIN announcing {@code total} datagrams: delivered byte count and SHA-256 of
   * the delivered bytes. The same answer is repeated for a repeated FIN.
   */
  public RudpPacket finAck(long total) {
    if (finAck == null) {
      release();
      if (mode == RudpMode.SEQUENCED && total > expected) {
        skipped += total - expected;
        expected = total;
      }
      finAck =
          new FinAck(
                  deliveredBytes, delivered, skipped, late, duplicates, reordered, digest.digest())
              .encode();
    }
    return RudpPacket.finAck(id, total, expected, freeWindow(), finAck);
  }

  public boolean finished() {
    return finAck != null;
  }

  public long deliveredBytes() {
    return deliveredBytes;
  }

  public long received() {
    return received;
  }

  public long duplicates() {
    return duplicates;
  }

  public long reordered() {
    return reordered;
  }

  /** Datagrams that arrived flagged as the sender's retransmissions. */
  public long retransmitted() {
    return retransmitted;
  }

  public long late() {
    return late;
  }

  public long skipped() {
    return skipped;
  }

  public long outOfWindow() {
    return outOfWindow;
  }

  /** Datagrams dropped because the server's buffer budget was spent. */
  public long bufferRefused() {
    return bufferRefused;
  }

  /** DATA datagrams numbered at or past the end the SYN announced. */
  public long beyondEnd() {
    return beyondEnd;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("received", received);
    m.put("delivered_bytes", deliveredBytes);
    m.put("duplicates", duplicates);
    m.put("reordered", reordered);
    m.put("retransmissions_received", retransmitted);
    m.put("late", late);
    m.put("lost", skipped);
    m.put("out_of_window", outOfWindow);
    m.put("buffer_refused", bufferRefused);
    m.put("beyond_end", beyondEnd);
    return m;
  }
}
