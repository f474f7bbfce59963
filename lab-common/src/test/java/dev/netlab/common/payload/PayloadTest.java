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
import org.junit.jupiter.api.Assumptions;
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

  /** Every byte of a source of unknown length, in pieces of at most {@code max}. */
  static byte[] untilItsEnd(Payload p, int max) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (ByteBuf b; (b = p.next(ByteBufAllocator.DEFAULT, max)) != null; ) {
      try {
        assertThat(b.readableBytes()).isBetween(1, max);
        b.readBytes(out, b.readableBytes());
      } finally {
        b.release();
      }
    }
    return out.toByteArray();
  }

  @Test
  void aProcFileThatSaysItHasNoBytesIsReadUntilItsEnd() throws Exception {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    Assumptions.assumeTrue(Files.isReadable(cpuinfo), "needs Linux's /proc");
    assertThat(Files.size(cpuinfo)).isZero();
    try (Payload p = Payload.file(cpuinfo)) {
      assertThat(p.length()).isEqualTo(Payload.UNKNOWN);
      assertThat(untilItsEnd(p, 1000)).isEqualTo(Files.readAllBytes(cpuinfo)).isNotEmpty();
    }
  }

  @Test
  void aFifoIsReadUntilItsWriterCloses(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      Assumptions.abort("needs mkfifo (coreutils)");
      return;
    }
    assertThat(mkfifo.waitFor()).isZero();
    byte[] bytes = new byte[300_001];
    new Random(3).nextBytes(bytes);
    Thread writer =
        new Thread(
            () -> {
              try {
                Files.write(fifo, bytes);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    writer.start();
    try (Payload p = Payload.file(fifo)) {
      assertThat(p.length()).isEqualTo(Payload.UNKNOWN);
      assertThat(untilItsEnd(p, 65_536)).isEqualTo(bytes);
    }
    writer.join();
  }

  @Test
  void aSourceOfUnknownLengthIsSizedInMemoryUpToALimit() throws Exception {
    byte[] bytes = new byte[5000];
    new Random(4).nextBytes(bytes);
    try (Payload p = Payload.sized(unsized(bytes), 5000)) {
      assertThat(p.length()).isEqualTo(5000);
      assertThat(all(p, 1200)).isEqualTo(bytes);
    }
    assertThatThrownBy(() -> Payload.sized(unsized(bytes), 4999))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than 4999 bytes")
        .hasMessageContaining("copy it to a file first");
  }

  /** A source that gives its size only at its end, as a pipe does. */
  private static Payload unsized(byte[] bytes) {
    return Payload.unsized("pipe", new ByteArrayInputStream(bytes));
  }
}
