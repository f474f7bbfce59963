package dev.netlab.common.base;

import io.netty.buffer.ByteBuf;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SHA-256 computed on a helper thread, so that an event loop goes on reading or writing while the
 * bytes it already moved are hashed: on loopback, hashing costs each end of a transfer several
 * times what its socket calls cost.
 *
 * <p>The caller hands over buffers with {@link #offer}; they are hashed in that order and released.
 * Memory stays bounded because the caller stops producing when {@link #offer} says the queue is
 * full (a sink turns autoRead off, a sender stops writing) and resumes when {@code onRoom} runs.
 */
public final class BackgroundSha256 implements AutoCloseable {
  /**
   * Bytes handed over but not yet hashed before {@link #offer} says stop: a few milliseconds of
   * hashing, enough to ride out a helper thread that the scheduler leaves waiting on a busy
   * machine.
   */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 8L << 20;

  private static final ExecutorService HELPERS =
      Executors.newCachedThreadPool(
          new ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "sha256-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  private final Sha256 sha = new Sha256();
  private final Executor executor;
  private final long maxQueuedBytes;
  private final Runnable onRoom;
  private final Queue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final CompletableFuture<String> digest = new CompletableFuture<>();
  private volatile boolean finishing;
  private volatile boolean closed;

  /** Daemon threads shared by every instance, created as needed and ended when idle for 60 s. */
  public static Executor helpers() {
    return HELPERS;
  }

  /**
   * @param executor runs the hashing; need not be serial (this class never hashes twice at once)
   * @param maxQueuedBytes {@link #offer} returns false once this many bytes wait to be hashed
   * @param onRoom run on the hashing thread when the queue drains from above half of {@code
   *     maxQueuedBytes} to half or less: the caller may produce again (hand it to your event loop)
   */
  public BackgroundSha256(Executor executor, long maxQueuedBytes, Runnable onRoom) {
    if (maxQueuedBytes < 1) {
      throw new IllegalArgumentException("maxQueuedBytes must be positive; got " + maxQueuedBytes);
    }
    this.executor = executor;
    this.maxQueuedBytes = maxQueuedBytes;
    this.onRoom = onRoom;
  }

  /**
   * Hands {@code buf}'s readable bytes over to be hashed after everything offered before; takes
   * ownership of it (it is released once hashed). Not thread-safe: one producer.
   *
   * @return false when the queue is full: produce nothing more until {@code onRoom} runs
   */
  public boolean offer(ByteBuf buf) {
    if (finishing || closed) {
      buf.release();
      throw new IllegalStateException(closed ? "offer after close()" : "offer after finish()");
    }
    long queued = queuedBytes.addAndGet(buf.readableBytes());
    queue.add(buf);
    schedule();
    return queued < maxQueuedBytes;
  }

  /** Bytes offered and not yet hashed. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Hex SHA-256 of everything offered, once the helper has hashed it all; offer nothing more. */
  public CompletableFuture<String> finish() {
    finishing = true;
    schedule();
    return digest;
  }

  /**
   * Abandons an unfinished hash (the transfer failed): releases what waits to be hashed. After
   * {@link #finish} it does nothing: the hash completes and every buffer is released anyway.
   */
  @Override
  public void close() {
    if (finishing || closed) {
      return;
    }
    closed = true;
    digest.completeExceptionally(new IllegalStateException("hashing abandoned: closed"));
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private boolean hasWork() {
    return !queue.isEmpty() || (finishing && !digest.isDone());
  }

  /** Runs on the helper thread, never twice at once: {@link #draining} is the lock. */
  private void drain() {
    do {
      for (ByteBuf b = queue.poll(); b != null; b = queue.poll()) {
        hash(b);
      }
      // All offers happen before finishing is set: seeing it set and the queue empty means done.
      if (finishing && queue.isEmpty() && !digest.isDone()) {
        digest.complete(sha.hex());
      }
      draining.set(false);
      // An offer or finish() that found draining set relies on this second look.
    } while (hasWork() && draining.compareAndSet(false, true));
  }

  private void hash(ByteBuf b) {
    int n = b.readableBytes();
    try {
      if (!closed && !digest.isDone()) {
        sha.update(b);
      }
    } catch (RuntimeException e) {
      digest.completeExceptionally(e);
    } finally {
      b.release();
    }
    long after = queuedBytes.addAndGet(-n);
    long lowWater = maxQueuedBytes / 2;
    if (after + n > lowWater && after <= lowWater && !closed) {
      try {
        onRoom.run();
      } catch (RuntimeException e) {
        digest.completeExceptionally(e);
      }
    }
  }
}
