package dev.netlab.common.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bytes every lab sends; the leak check after each test fails one that keeps memory. */
@Timeout(30)
class PayloadTest {
  private static final long SEED = 7;

  /** Every byte, taken {@code max} at a time, checking that each piece is as long as promised. */
  static byte[] all(Payload p, int max) throws IOException {
    byte[] out = new byte[(int) p.length()];
    int at = 0;
    for (ByteBuf b; (b = p.next(ByteBufAllocator.DEFAULT, max)) != null; ) {
      try {
        int expected = (int) Math.min(Math.min(max, Payload.MAX_NEXT), out.length - at);
        assertThat(b.readableBytes()).isEqualTo(expected);
        b.readBytes(out, at, expected);
        at += expected;
      } finally {
        b.release();
      }
    }
    assertThat(at).isEqualTo(out.length);
    return out;
  }

  @Test
  void generatedBytesRepeatEveryPeriodWhateverThePieceSize() throws Exception {
    long length = 2L * Payload.PERIOD + 1000;
    byte[] big;
    byte[] small;
    try (Payload a = Payload.generated(length, SEED);
        Payload b = Payload.generated(length, SEED)) {
      big = all(a, Payload.MAX_NEXT + 1); // asks for more than one next gives
      small = all(b, 1200);
    }
    assertThat(small).isEqualTo(big);
    assertThat(Arrays.copyOfRange(big, Payload.PERIOD, Payload.PERIOD + 5000))
        .isEqualTo(Arrays.copyOfRange(big, 0, 5000));
    try (Payload other = Payload.generated(length, SEED + 1)) {
      assertThat(all(other, 1200)).isNotEqualTo(big);
    }
  }

  @Test
  void aClosedPayloadWhoseChunksWereReleasedHoldsNoMemory() throws Exception {
    try (Payload payload = Payload.generated(3L * Payload.PERIOD + 5, SEED)) {
      assertThat(all(payload, 128 * 1024)).hasSize(3 * Payload.PERIOD + 5);
    }
  }

  @Test
  void aChunkStillQueuedForWritingOutlivesItsClosedPayload() throws Exception {
    Payload payload = Payload.generated(1000, SEED);
    ByteBuf chunk = payload.next(ByteBufAllocator.DEFAULT, 1000);
    byte first = chunk.getByte(0);

    payload.close();

    assertThat(chunk.refCnt()).isPositive();
    assertThat(chunk.getByte(0)).isEqualTo(first);
    assertThat(chunk.release()).as("the chunk's release frees the pattern").isTrue();
  }

  @Test
  void aFileIsReadWholeInPiecesOfTheSizeAsked(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[700_001];
    new Random(1).nextBytes(bytes);
    Path f = Files.write(dir.resolve("f.bin"), bytes);
    try (Payload p = Payload.file(f)) {
      assertThat(p.name()).isEqualTo(f.toString());
      assertThat(all(p, 65_507)).isEqualTo(bytes);
    }
  }

  @Test
  void aFileThatShrinksWhileBeingSentIsAnError(@TempDir Path dir) throws Exception {
    Path f = Files.write(dir.resolve("f.bin"), new byte[10_000]);
    try (Payload p = Payload.file(f)) {
      Files.write(f, new byte[100]);
      assertThatThrownBy(() -> p.next(ByteBufAllocator.DEFAULT, 10_000))
          .isInstanceOf(IOException.class)
          .hasMessage("the file shrank while being sent");
    }
  }

  @Test
  void aStreamThatEndsEarlyIsAnError() throws Exception {
    try (Payload p = Payload.stream("pipe", new ByteArrayInputStream(new byte[10]), 20)) {
      assertThatThrownBy(() -> p.next(ByteBufAllocator.DEFAULT, 20))
          .isInstanceOf(IOException.class)
          .hasMessage("the file shrank while being sent");
    }
  }

  @Test
  void aDirectoryIsRefusedWhenOpened(@TempDir Path dir) {
    assertThatThrownBy(() -> Payload.file(dir))
        .isInstanceOf(IOException.class)
        .hasMessage("it is a directory");
  }
}
