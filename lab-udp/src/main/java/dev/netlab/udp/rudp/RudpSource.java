package dev.netlab.udp.rudp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The bytes a sender sends, cut into datagram payloads in sequence order and hashed as they are
 * cut: generated from a seed ({@code --bytes N}) or read from a file.
 */
public final class RudpSource implements AutoCloseable {
  private final long length;
  private final int chunk;
  private final InputStream file;
  private final SplittableRandom random;
  private final MessageDigest digest;
  private long offset;

  private RudpSource(long length, int chunk, InputStream file, long seed) {
    this.length = length;
    this.chunk = chunk;
    this.file = file;
    this.random = file == null ? new SplittableRandom(seed) : null;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static RudpSource generated(long length, int chunk, long seed) {
    return new RudpSource(length, chunk, null, seed);
  }

  public static RudpSource file(Path path, int chunk) throws IOException {
    return new RudpSource(Files.size(path), chunk, Files.newInputStream(path), 0);
  }

  public long length() {
    return length;
  }

  /** Datagrams needed for the whole payload (at least one, so empty transfers still finish). */
  public long datagrams() {
    return Math.max(0, (length + chunk - 1) / chunk);
  }

  /** The next payload, or null after the last. */
  public byte[] next() throws IOException {
    if (offset >= length) {
      return null;
    }
    int n = (int) Math.min(chunk, length - offset);
    byte[] b = new byte[n];
    if (file != null) {
      int got = file.readNBytes(b, 0, n);
      if (got != n) {
        throw new IOException("the file shrank while being sent");
      }
    } else {
      random.nextBytes(b);
    }
    offset += n;
    digest.update(b);
    return b;
  }

  /** SHA-256 of everything handed out, once all was. */
  public String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}
