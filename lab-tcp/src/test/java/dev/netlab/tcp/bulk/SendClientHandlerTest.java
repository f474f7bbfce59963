package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.BackgroundSha256;
import dev.netlab.common.payload.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SendClientHandlerTest {
  @Test
  void aFinFromTheSinkWithoutAReportFailsTheTransferInsteadOfWaiting() throws Exception {
    try (Payload payload = Payload.generated(1000, SendClient.PAYLOAD_SEED)) {
      SendClientHandler handler = new SendClientHandler(payload, false);
      EmbeddedChannel ch = new EmbeddedChannel(handler);
      ByteBuf sent = ch.readOutbound();
      assertThat(sent.readableBytes()).isEqualTo(1000);
      sent.release();

      ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
      assertThat(handler.report()).isCompletedExceptionally();
      try {
        handler.report().get();
      } catch (ExecutionException e) {
        assertThat(e.getCause()).hasMessageContaining("without a report after 1000 bytes");
      }
      assertThat(ch.isOpen()).isFalse();
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void stopsWritingWhileTheHashQueueIsFullAndSendsTheRestWhenItDrains() throws Exception {
    // The hashing "thread" runs only when the test says so: the sender writes faster than it
    // hashes.
    Queue<Runnable> hashing = new ArrayDeque<>();
    long max = BackgroundSha256.DEFAULT_MAX_QUEUED_BYTES;
    long length = 4 * max;
    try (Payload payload = Payload.generated(length, SendClient.PAYLOAD_SEED)) {
      SendClientHandler handler = new SendClientHandler(payload, true, hashing::add);
      EmbeddedChannel ch = new EmbeddedChannel(handler);
      assertThat(drain(ch)).as("bytes written before the hash queue filled").isEqualTo(max);

      long written = max;
      for (int round = 0; round < 16 && !hashing.isEmpty(); round++) {
        while (!hashing.isEmpty()) {
          hashing.poll().run();
        }
        written += drain(ch);
      }
      assertThat(written).isEqualTo(length);
      String expected;
      try (Payload again = Payload.generated(length, SendClient.PAYLOAD_SEED)) {
        expected = BulkTransferTest.sha256Of(again);
      }
      assertThat(handler.sha256()).isEqualTo(expected);
      ch.finishAndReleaseAll();
    }
  }

  /**
   * Takes what the handler wrote, letting it write on (writability events are tasks) until it
   * stops.
   */
  private static long drain(EmbeddedChannel ch) {
    long n = 0;
    for (int round = 0; round < 100_000; round++) {
      ch.runPendingTasks();
      long before = n;
      for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
        n += b.readableBytes();
        b.release();
      }
      if (n == before) {
        break;
      }
    }
    return n;
  }
}
