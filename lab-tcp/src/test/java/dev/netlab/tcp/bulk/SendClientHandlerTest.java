package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
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
}
