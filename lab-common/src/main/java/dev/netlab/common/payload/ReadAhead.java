package dev.netlab.common.payload;

import dev.netlab.common.base.Sha256;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Payload} cut into pieces of one size (a datagram's payload each), read ahead on a thread
 * of its own: the thread reads blocks of pieces ahead of the sender and hashes them, so an event
 * loop never waits on a disk or on SHA-256: {@link #next} copies a piece out of a block that is
 * ready, or says none is, and {@link #onReady} says when one is. Memory is bounded: {@link #BLOCKS}
 * blocks of about {@link #BLOCK_BYTES} bytes.
 *
 * <p>{@link #next} is for one thread (the sender's); {@link #close} comes once it has stopped.
 */
public final class ReadAhead implements AutoCloseable {
  /** Bytes per block the reader hands over (a whole number of pieces, at least one). */
  public static final int BLOCK_BYTES = Payload.MAX_NEXT;

  /** Blocks read ahead at most. */
  public static final int BLOCKS = 8;

  private final Payload payload;
  private final int piece;
  private final int blockBytes;
  private final ByteBufAllocator alloc;
  private final Semaphore room = new Semaphore(BLOCKS);
  private final BlockingQueue<ByteBuf> filled = new ArrayBlockingQueue<>(BLOCKS);
  private final CompletableFuture<String> sha256 = new CompletableFuture<>();
  private final Thread reader;

  private volatile IOException failure;
  private volatile boolean closed;

  /** Set by {@link #next} when it found nothing ready: the reader then calls {@link #onReady}. */
  private volatile boolean waiting;

  private volatile Runnable onReady = () -> {};

  // the consumer's side (the sender's thread)
  private ByteBuf current;
  private long offset;

  /** Reads into buffers of {@link ByteBufAllocator#DEFAULT}; see the other constructor. */
  public ReadAhead(Payload payload, int piece) {
    this(payload, piece, ByteBufAllocator.DEFAULT);
  }

  /**
   * Starts reading {@code payload} (which it then owns and closes) in pieces of {@code piece}
   * bytes.
   */
  public ReadAhead(Payload payload, int piece, ByteBufAllocator alloc) {
    if (piece < 1 || piece > Payload.MAX_NEXT) {
      throw new IllegalArgumentException(
          "piece size: expected 1 to " + Payload.MAX_NEXT + "; got " + piece);
    }
    this.payload = payload;
    this.piece = piece;
    this.blockBytes = Math.max(1, BLOCK_BYTES / piece) * piece;
    this.alloc = alloc;
    reader = new Thread(this::read, "payload-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    MessageDigest sha = Sha256.newDigest();
    try (payload) {
      for (ByteBuf b; ; ) {
        room.acquire();
        b = payload.next(alloc, blockBytes);
        if (b == null) {
          room.release();
          break;
        }
        Sha256.update(sha, b);
        filled.add(b); // never full: room holds one permit per block
        if (closed) {
          drain(); // close() may have drained before this block arrived
          sha256.completeExceptionally(new IOException("the transfer was stopped"));
          return;
        }
        wake();
      }
      sha256.complete(Sha256.hex(sha.digest()));
    } catch (IOException e) {
      failure = new IOException("cannot read " + payload.name() + ": " + e.getMessage(), e);
      sha256.completeExceptionally(failure);
      wake();
    } catch (InterruptedException e) {
      sha256.completeExceptionally(new IOException("the transfer was stopped", e));
    }
  }

  private void wake() {
    if (waiting) {
      waiting = false;
      onReady.run();
    }
  }

  private void drain() {
    for (ByteBuf b; (b = filled.poll()) != null; ) {
      b.release();
    }
  }

  /**
   * What to run (on the reader thread) when a block is ready after {@link #next} found none: hand
   * the sender's thread a task that calls it again.
   */
  public void onReady(Runnable r) {
    onReady = r;
  }

  public long length() {
    return payload.length();
  }

  /** Pieces in all. */
  public long pieces() {
    return (length() + piece - 1) / piece;
  }

  /** Whether {@link #next} has a piece now (or nothing is left). */
  public boolean ready() {
    return offset >= length()
        || failure != null
        || (current != null && current.isReadable())
        || !filled.isEmpty();
  }

  /**
   * Writes the next piece (the last may be shorter) into {@code out}, without waiting.
   *
   * @return the bytes written; 0 after the last piece; -1 when the reader has none ready yet
   *     ({@link #onReady} runs when it has)
   * @throws IOException when reading failed: its message names the file and the error
   */
  public int next(ByteBuf out) throws IOException {
    if (offset >= length()) {
      return 0;
    }
    if (current == null || !current.isReadable()) {
      if (current != null) {
        current.release();
        current = null;
        room.release();
      }
      ByteBuf b = filled.poll();
      if (b == null) {
        waiting = true;
        b = filled.poll(); // the reader may have handed one over just before
        if (b == null) {
          if (failure != null) {
            throw failure;
          }
          return -1;
        }
        waiting = false;
      }
      current = b;
    }
    int n = Math.min(piece, current.readableBytes());
    out.writeBytes(current, n);
    offset += n;
    return n;
  }

  /** SHA-256 of every byte, completed once the reader has read them all (or failed). */
  public CompletableFuture<String> sha256() {
    return sha256;
  }

  /**
   * Stops the reader (if it is still reading), which closes the payload, and frees every block.
   * Again is harmless.
   */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
    if (current != null) {
      current.release();
      current = null;
    }
  }
}
