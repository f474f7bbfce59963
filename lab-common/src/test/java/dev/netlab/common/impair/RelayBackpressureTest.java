package dev.netlab.common.impair;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the relay does when its outbound socket is full: drop and count, as a router drops when its
 * queue is full, instead of queueing without bound in Netty's outbound buffer.
 */
@Timeout(30)
class RelayBackpressureTest {
  private static final InetSocketAddress TO =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

  @Test
  void anUnwritableChannelGetsNothingMoreAndTheDatagramIsReleased() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ByteBuf first = Unpooled.buffer(8).writeLong(1);
    assertThat(ImpairmentRelay.send(ch, first, TO)).isTrue();
    assertThat(ch.outboundMessages()).hasSize(1);
    // past the high-water mark: what a socket whose send buffer is full looks like to Netty
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    assertThat(ch.isWritable()).isFalse();
    ByteBuf second = Unpooled.buffer(8).writeLong(2);
    assertThat(ImpairmentRelay.send(ch, second, TO)).isFalse();
    assertThat(second.refCnt()).isZero();
    assertThat(ch.outboundMessages()).hasSize(1);
    ((DatagramPacket) ch.readOutbound()).release();
    ch.finishAndReleaseAll();
  }

  @Test
  void aClosedChannelOrNoneAtAllDropsToo() {
    ByteBuf b = Unpooled.buffer(8).writeLong(3);
    assertThat(ImpairmentRelay.send(null, b, TO)).isFalse();
    assertThat(b.refCnt()).isZero();
  }

  @Test
  void aDatagramTheOutletDropsIsCountedAsOutboundFullNotAsForwarded() throws Exception {
    EmbeddedChannel loop = new EmbeddedChannel();
    RelayStats stats = new RelayStats("test");
    RelayDirection d = new RelayDirection(Impairment.NONE, 1, stats, loop.eventLoop());
    ByteBuf in = Unpooled.buffer(8).writeLong(4);
    d.handle(
        in,
        out -> {
          out.release();
          return false;
        });
    d.handle(
        in,
        out -> {
          out.release();
          return true;
        });
    in.release();
    loop.runPendingTasks();
    loop.advanceTimeBy(1, TimeUnit.SECONDS);
    assertThat(stats.outboundDropped()).isEqualTo(1);
    assertThat(stats.forwardedCount()).isEqualTo(1);
    assertThat(stats.toJson()).containsEntry("outbound_dropped", 1L);
    assertThat(stats.summary()).contains("outbound-full 1");
    loop.finishAndReleaseAll();
  }
}
