package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.base.Console;
import dev.netlab.common.net.BufferBudget;
import dev.netlab.common.net.PeerLimits;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order of what the receiver does at FIN, which no socket test can pin down: it is a race with
 * the process exiting. The socket-level behaviour is in RudpTransferTest.
 */
class RudpServerHandlerTest {
  private static final InetSocketAddress PEER =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);

  private static DatagramPacket datagram(RudpPacket p) {
    ByteBuf b = Unpooled.buffer();
    RudpCodec.encode(p, b);
    return new DatagramPacket(b, PEER, PEER);
  }

  @Test
  void theFinAckIsSentBeforeTheConnectionIsReportedFinished() throws Exception {
    List<Integer> sentWhenFinished = new ArrayList<>();
    EmbeddedChannel[] ch = new EmbeddedChannel[1];
    ch[0] =
        new EmbeddedChannel(
            new RudpServerHandler(
                Console.silent(),
                new RudpMetrics(new SimpleMeterRegistry()),
                64,
                PeerLimits.DEFAULT,
                new BufferBudget(1 << 20),
                r -> {
                  // what had left the socket when --once would have made the process exit
                  for (Object o : ch[0].outboundMessages()) {
                    ByteBuf b = ((DatagramPacket) o).content();
                    sentWhenFinished.add(RudpCodec.type(b));
                  }
                }));
    ch[0].writeInbound(
        RudpServer.smallConnection(5, RudpMode.SEQUENCED, new long[] {0}).stream()
            .map(RudpServerHandlerTest::datagram)
            .toArray());
    assertThat(sentWhenFinished).contains(RudpCodec.TYPE_FIN_ACK);
    ch[0].finishAndReleaseAll();
  }
}
