package dev.netlab.common.base;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as every lab uses it to prove a transfer end to end: over Netty buffers without copying
 * them to the heap, printed as lowercase hex (as {@code sha256sum} prints it).
 */
public final class Sha256 {
  private final MessageDigest digest = newDigest();

  /** A fresh SHA-256 {@link MessageDigest}. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Adds {@code buf}'s readable bytes to {@code digest}; does not move its reader index. */
  public static void update(MessageDigest digest, ByteBuf buf) {
    if (buf.nioBufferCount() == 1) {
      digest.update(buf.nioBuffer());
    } else {
      for (ByteBuffer b : buf.nioBuffers()) {
        digest.update(b);
      }
    }
  }

  /** Adds the buffer's readable bytes; does not move its reader index. */
  public void update(ByteBuf buf) {
    update(digest, buf);
  }

  public void update(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
  }

  /** The digest of everything added, as hex; resets. */
  public String hex() {
    return hex(digest.digest());
  }

  public static String hex(byte[] sha256) {
    return HexFormat.of().formatHex(sha256);
  }
}
