package dev.netlab.common.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Sha256;
import dev.netlab.common.testing.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pieces read ahead off the sender's thread; the leak check fails a test that keeps a block. */
@Timeout(30)
class ReadAheadTest {
  /** The next piece, waiting for the reader thread when it has none ready. */
  static int next(ReadAhead s, ByteBuf out) throws Exception {
    int n = s.next(out);
    if (n < 0) {
      Await.until("a piece ready", Duration.ofSeconds(10), s::ready);
      n = s.next(out);
    }
    return n;
  }

  /** Every piece, concatenated. */
  private static byte[] all(ReadAhead s) throws Exception {
    ByteBuf out = Unpooled.buffer();
    try {
      while (next(s, out) > 0) {
        // keep cutting
      }
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  @Test
  void thePiecesAreThePayloadsBytesAndTheirHash() throws Exception {
    long length = 3L * Payload.PERIOD + 12_345;
    byte[] direct;
    try (Payload p = Payload.generated(length, 42)) {
      direct = PayloadTest.all(p, 128 * 1024); // as the TCP lab takes them
    }
    try (ReadAhead s = new ReadAhead(Payload.generated(length, 42), 1200)) {
      assertThat(all(s)).isEqualTo(direct);
      MessageDigest sha = Sha256.newDigest();
      assertThat(s.sha256().get()).isEqualTo(Sha256.hex(sha.digest(direct)));
      assertThat(s.pieces()).isEqualTo((length + 1199) / 1200);
    }
  }

  @Test
  void noTwoPiecesAreAlikeEvenWhenThePatternRepeats() throws Exception {
    int chunk = 1024; // a power of two: with a period of 2^20, piece k and k + 1024 would match
    try (ReadAhead s = new ReadAhead(Payload.generated(4L * Payload.PERIOD, 1), chunk)) {
      Set<String> seen = new HashSet<>();
      ByteBuf one = Unpooled.buffer(chunk);
      try {
        while (next(s, one.clear()) > 0) {
          assertThat(seen.add(ByteBufUtil.hexDump(one))).isTrue();
        }
      } finally {
        one.release();
      }
      assertThat(seen).hasSize((4 * Payload.PERIOD + chunk - 1) / chunk);
    }
  }

  @Test
  void nextNeverWaitsForTheReaderAndSaysWhenItHasMore() throws Exception {
    PipedOutputStream disk = new PipedOutputStream();
    PipedInputStream slow = new PipedInputStream(disk, 1 << 20);
    CountDownLatch ready = new CountDownLatch(1);
    ByteBuf out = Unpooled.buffer();
    try (ReadAhead s = new ReadAhead(Payload.stream("slow.bin", slow, 1000), 100)) {
      s.onReady(ready::countDown);
      assertThat(s.next(out)).isEqualTo(-1); // nothing read yet: no waiting on the disk
      disk.write(new byte[1000]);
      disk.flush();
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(s.next(out)).isEqualTo(100);
    } finally {
      out.release();
    }
  }

  @Test
  void aReadErrorNamesTheFileAndTheError() throws Exception {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Is a directory");
          }
        };
    ByteBuf out = Unpooled.buffer();
    try (ReadAhead s = new ReadAhead(Payload.stream("/tmp/x", broken, 1000), 100)) {
      try {
        next(s, out);
        throw new AssertionError("expected the read error");
      } catch (IOException e) {
        assertThat(e).hasMessage("cannot read /tmp/x: Is a directory");
      }
      assertThat(s.sha256()).isCompletedExceptionally();
    } finally {
      out.release();
    }
  }

  @Test
  void closingMidTransferFreesEveryBlockReadAhead() throws Exception {
    ByteBuf out = Unpooled.buffer();
    ReadAhead s = new ReadAhead(Payload.generated(64L << 20, 3), 1200);
    try {
      assertThat(next(s, out)).isEqualTo(1200);
      Await.until("the reader a block ahead", Duration.ofSeconds(10), s::ready);
    } finally {
      s.close(); // the leak check fails this test if a block or the pattern stays retained
      out.release();
    }
    assertThat(s.sha256()).isCompletedExceptionally();
  }
}
