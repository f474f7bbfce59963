package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The generated payload's off-heap pattern: freed, and not before the last chunk is released. */
@Timeout(30)
class PayloadTest {
  private static final long SEED = 7;

  /** The leak check after every test fails this one if closing does not free the pattern. */
  @Test
  void aClosedPayloadWhoseChunksWereReleasedHoldsNoMemory() throws Exception {
    long handedOut = 0;
    try (Payload payload = Payload.generated(3L * Payload.PATTERN + 5, SEED)) {
      for (ByteBuf chunk; (chunk = payload.next(ByteBufAllocator.DEFAULT)) != null; ) {
        handedOut += chunk.readableBytes();
        chunk.release();
      }
    }
    assertThat(handedOut).isEqualTo(3L * Payload.PATTERN + 5);
  }

  @Test
  void aChunkStillQueuedForWritingOutlivesItsClosedPayload() throws Exception {
    Payload payload = Payload.generated(Payload.CHUNK, SEED);
    ByteBuf chunk = payload.next(ByteBufAllocator.DEFAULT);
    byte first = chunk.getByte(0);

    payload.close();

    assertThat(chunk.refCnt()).isPositive();
    assertThat(chunk.getByte(0)).isEqualTo(first);
    assertThat(chunk.release()).as("the chunk's release frees the pattern").isTrue();
  }
}
