package dev.netlab.udp.rudp;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * SHA-256 computed on a helper thread: {@link #update} copies the bytes into a chunk (a memcpy,
 * tens of nanoseconds per datagram) and full chunks are hashed elsewhere. Hashing 1,172 bytes takes
 * about a microsecond, a seventh of what sending a datagram costs the sender's event loop at full
 * speed. Memory is bounded: {@link #CHUNKS} chunks of {@link #CHUNK} bytes; if the hasher falls
 * that far behind, {@link #update} waits for it.
 */
final class BackgroundDigest implements AutoCloseable {
  static final int CHUNK = 256 << 10;
  static final int CHUNKS = 8;

  private record Filled(byte[] bytes, int length) {}

  private static final Filled STOP = new Filled(new byte[0], 0);

  private final MessageDigest sha;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<Filled> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final Thread hasher;
  private byte[] current;
  private int used;
  private volatile Throwable failure;

  BackgroundDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new byte[CHUNK]);
    }
    current = free.remove();
    hasher = new Thread(this::hashChunks, "rudp-sha256");
    hasher.setDaemon(true);
    hasher.start();
  }

  private void hashChunks() {
    try {
      for (Filled f = filled.take(); f != STOP; f = filled.take()) {
        sha.update(f.bytes(), 0, f.length());
        free.put(f.bytes());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  /** Hashes {@code len} bytes of {@code b} from {@code index}, indexes untouched. */
  void update(ByteBuf b, int index, int len) {
    int off = index;
    while (len > 0) {
      int n = Math.min(len, CHUNK - used);
      b.getBytes(off, current, used, n);
      used += n;
      off += n;
      len -= n;
      if (used == CHUNK) {
        handOver();
        current = take(free);
      }
    }
  }

  private void handOver() {
    put(new Filled(current, used));
    used = 0;
  }

  /** Waits for everything handed over, then returns the digest; call once. */
  byte[] digest() {
    handOver();
    put(STOP);
    try {
      hasher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    }
    if (failure != null) {
      throw new IllegalStateException("hashing failed", failure);
    }
    return sha.digest();
  }

  private void put(Filled f) {
    try {
      filled.put(f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    }
  }

  private static byte[] take(BlockingQueue<byte[]> q) {
    try {
      return q.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing", e);
    }
  }

  /** Stops the helper thread if {@link #digest} was never called. */
  @Override
  public void close() {
    hasher.interrupt();
  }
}
