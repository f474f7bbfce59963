package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.testing.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RudpSourceTest {
  /** Payloads of a generated source, from beyond the random block's end, concatenated. */
  private static byte[] all(RudpSource s) throws Exception {
    ByteBuf out = Unpooled.buffer();
    while (next(s, out) > 0) {
      // keep cutting
    }
    return ByteBufUtil.getBytes(out);
  }

  /** The next payload, waiting for the reader thread when it has none ready. */
  static int next(RudpSource s, ByteBuf out) throws Exception {
    int n = s.next(out);
    if (n < 0) {
      Await.until("a payload ready", Duration.ofSeconds(10), s::ready);
      n = s.next(out);
    }
    return n;
  }

  @Test
  void theSameSeedGivesTheSameBytesAndTheirHash() throws Exception {
    long length = 3L * RudpSource.RANDOM_BYTES + 12_345;
    byte[] a = all(RudpSource.generated(length, 1200, 42));
    RudpSource again = RudpSource.generated(length, 1200, 42);
    assertThat(all(again)).isEqualTo(a);
    assertThat(a).hasSize((int) length);
    assertThat(again.sha256().get())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a)));
    assertThat(all(RudpSource.generated(length, 1200, 43))).isNotEqualTo(a);
  }

  @Test
  void noTwoPayloadsAreAlikeEvenWhenTheBlockRepeats() throws Exception {
    int chunk = 1024; // divides the block: payload k and k + BLOCK/chunk cut the same bytes
    RudpSource s = RudpSource.generated(4L * RudpSource.RANDOM_BYTES, chunk, 1);
    Set<String> seen = new HashSet<>();
    ByteBuf one = Unpooled.buffer(chunk);
    while (next(s, one.clear()) > 0) {
      assertThat(seen.add(ByteBufUtil.hexDump(one))).isTrue();
    }
    assertThat(seen).hasSize(4 * RudpSource.RANDOM_BYTES / chunk);
  }

  @Test
  @Timeout(30)
  void nextNeverWaitsForTheReaderAndSaysWhenItHasMore() throws Exception {
    PipedOutputStream disk = new PipedOutputStream();
    PipedInputStream slow = new PipedInputStream(disk, 1 << 20);
    CountDownLatch ready = new CountDownLatch(1);
    try (RudpSource s = RudpSource.stream("slow.bin", slow, 1000, 100)) {
      s.onReady(ready::countDown);
      ByteBuf out = Unpooled.buffer();
      assertThat(s.next(out)).isEqualTo(-1); // nothing read yet: no waiting on the disk
      disk.write(new byte[1000]);
      disk.flush();
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(s.next(out)).isEqualTo(100);
      out.release();
    }
  }

  @Test
  @Timeout(30)
  void aReadErrorNamesTheFileAndTheError() throws Exception {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Is a directory");
          }
        };
    CountDownLatch ready = new CountDownLatch(1);
    try (RudpSource s = RudpSource.stream("/tmp/x", broken, 1000, 100)) {
      s.onReady(ready::countDown);
      ByteBuf out = Unpooled.buffer();
      try {
        if (s.next(out) < 0) {
          Await.until("the reader failing", Duration.ofSeconds(10), s::ready);
          s.next(out);
        }
        throw new AssertionError("expected the read error");
      } catch (IOException e) {
        assertThat(e).hasMessage("cannot read /tmp/x: Is a directory");
      } finally {
        out.release();
      }
      assertThat(s.sha256()).isCompletedExceptionally();
    }
  }

  @Test
  void aDirectoryIsRefusedWhenOpened(@TempDir Path dir) {
    assertThatThrownBy(() -> RudpSource.file(dir, 100))
        .isInstanceOf(IOException.class)
        .hasMessage("it is a directory");
  }
}
