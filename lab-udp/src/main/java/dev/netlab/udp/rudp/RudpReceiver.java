package dev.netlab.udp.rudp;

import dev.netlab.common.base.Sha256;
import dev.netlab.common.net.BufferBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
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
  private long expected;
  private long highest = -1;
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
    if (seq >= announced) {
      beyondEnd++;
      return;
    }
    received++;
    ackDue = true;
    newest = seq;
    if (seq < highest) {
      reordered++;
    }
    highest = Math.max(highest, seq);
    switch (mode) {
      case SEQUENCED -> {
        if (seq < expected) {
          late++;
          return;
        }
        skipped += seq - expected;
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
          byte[] next;
          while ((next = buffered.remove(expected)) != null) {
            unbuffer(next.length);
            deliver(Unpooled.wrappedBuffer(next));
            expected++;
          }
        } else if (budget.reserve(payload.readableBytes())) {
          bufferedBytes += payload.readableBytes();
          buffered.put(seq, ByteBufUtil.getBytes(payload));
        } else {
          bufferRefused++; // not SACKed: the sender resends it when the budget has room again
        }
      }
    }
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
    budget.release(bufferedBytes);
    bufferedBytes = 0;
  }

  /** Bytes buffered out of order now. */
  public long bufferedBytes() {
    return bufferedBytes;
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
   * for the sender's RTT sample.
   */
  public RudpPacket ack() {
    ackDue = false;
    List<long[]> sack = new ArrayList<>();
    long start = -1;
    long end = -1;
    for (Long seq : buffered.keySet()) {
      if (seq == end) {
        end++;
      } else {
        if (start >= 0) {
          sack.add(new long[] {start, end});
        }
        start = seq;
        end = seq + 1;
      }
      if (sack.size() == RudpCodec.MAX_SACK_BLOCKS) {
        break;
      }
    }
    if (start >= 0 && sack.size() < RudpCodec.MAX_SACK_BLOCKS) {
      sack.add(new long[] {start, end});
    }
    return new RudpPacket(
        RudpCodec.TYPE_ACK, 0, id, newest, expected, freeWindow(), List.copyOf(sack), new byte[0]);
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
    return new RudpPacket(
        RudpCodec.TYPE_FIN_ACK, 0, id, total, expected, freeWindow(), List.of(), finAck);
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
    m.put("late", late);
    m.put("lost", skipped);
    m.put("out_of_window", outOfWindow);
    m.put("buffer_refused", bufferRefused);
    m.put("beyond_end", beyondEnd);
    return m;
  }

  /** The FIN-ACK payload: what the receiver delivered, for the sender to check. */
  public record FinAck(
      long bytes,
      long datagrams,
      long lost,
      long late,
      long duplicates,
      long reordered,
      byte[] sha256) {
    static final int LENGTH = 8 * 6 + 32;

    byte[] encode() {
      return ByteBuffer.allocate(LENGTH)
          .putLong(bytes)
          .putLong(datagrams)
          .putLong(lost)
          .putLong(late)
          .putLong(duplicates)
          .putLong(reordered)
          .put(sha256)
          .array();
    }

    public static FinAck decode(byte[] payload) throws RudpFormatException {
      if (payload.length != LENGTH) {
        throw new RudpFormatException(
            "FIN-ACK payload: expected " + LENGTH + " bytes; got " + payload.length);
      }
      ByteBuffer b = ByteBuffer.wrap(payload);
      long bytes = b.getLong();
      long datagrams = b.getLong();
      long lost = b.getLong();
      long late = b.getLong();
      long duplicates = b.getLong();
      long reordered = b.getLong();
      byte[] sha = new byte[32];
      b.get(sha);
      return new FinAck(bytes, datagrams, lost, late, duplicates, reordered, sha);
    }
  }
}
