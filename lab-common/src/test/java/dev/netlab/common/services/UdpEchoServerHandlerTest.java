package dev.netlab.common.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UdpEchoServerHandlerTest {
  @Test
  void sendsEachDatagramBackToItsSenderAndCountsBothWays() {
    AtomicLong received = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    DatagramEvents events =
        new DatagramEvents() {
          @Override
          public void received(int bytes) {
            received.addAndGet(bytes);
          }

          @Override
          public void sent(int bytes) {
            sent.addAndGet(bytes);
          }
        };
    EmbeddedChannel ch = new EmbeddedChannel(new UdpEchoServerHandler(events));
    InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40_000);
    ch.writeInbound(
        new DatagramPacket(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII), null, peer));
    DatagramPacket back = ch.readOutbound();
    try {
      assertThat(back.recipient()).isEqualTo(peer);
      assertThat(back.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ping");
    } finally {
      back.release();
    }
    assertThat(received.get()).isEqualTo(4);
    assertThat(sent.get()).isEqualTo(4);
    ch.finishAndReleaseAll();
  }
}
