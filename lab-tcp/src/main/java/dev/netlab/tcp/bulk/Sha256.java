package dev.netlab.tcp.bulk;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over ByteBufs without copying them to the heap. */
final class Sha256 {
  private final MessageDigest digest;

  Sha256() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Adds the buffer's readable bytes; does not move its reader index. */
  void update(ByteBuf buf) {
    if (buf.nioBufferCount() == 1) {
      digest.update(buf.nioBuffer());
    } else {
      for (ByteBuffer b : buf.nioBuffers()) {
        digest.update(b);
      }
    }
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
