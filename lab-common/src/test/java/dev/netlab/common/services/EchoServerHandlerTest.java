package dev.netlab.common.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Console;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EchoServerHandlerTest {
  private final ConnectionEvents metrics = ConnectionEvents.NONE;

  @Test
  void echoesEveryByteInOrder() {
    EmbeddedChannel ch = new EmbeddedChannel(new EchoServerHandler(Console.silent(), metrics));
    ch.writeInbound(Unpooled.copiedBuffer("hello ", StandardCharsets.US_ASCII));
    ch.writeInbound(Unpooled.copiedBuffer("world", StandardCharsets.US_ASCII));
    assertThat(readText(ch)).isEqualTo("hello ");
    assertThat(readText(ch)).isEqualTo("world");
    assertThat((Object) ch.readOutbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void closesAfterThePeerFinishedSending() {
    EmbeddedChannel ch = new EmbeddedChannel(new EchoServerHandler(Console.silent(), metrics));
    ch.writeInbound(Unpooled.copiedBuffer("last", StandardCharsets.US_ASCII));
    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    assertThat(readText(ch)).isEqualTo("last");
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }

  private static String readText(EmbeddedChannel ch) {
    ByteBuf buf = ch.readOutbound();
    try {
      return buf.toString(StandardCharsets.US_ASCII);
    } finally {
      buf.release();
    }
  }
}
