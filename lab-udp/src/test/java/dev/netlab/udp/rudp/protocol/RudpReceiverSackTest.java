package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.net.BufferBudget;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import dev.netlab.udp.rudp.wire.SynPayload;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiver's ACKs, SACK blocks in RFC 2018's order. */
class RudpReceiverSackTest {
  private final RudpReceiver r =
      new RudpReceiver(
          1,
          RudpMode.RELIABLE,
          4096,
          SynPayload.of(1_000_000, 1),
          new BufferBudget(1L << 30),
          null);

  private void arrive(long seq) {
    r.onData(seq, Unpooled.wrappedBuffer(new byte[] {(byte) seq}));
  }

  private static List<List<Long>> blocks(RudpPacket ack) {
    return ack.sack().stream().map(b -> List.of(b[0], b[1])).toList();
  }

  @Test
  void theFirstBlockHoldsTheNewestArrivalEvenBeyondTheEighthHole() {
    for (long seq = 2; seq <= 24; seq += 2) { // 0 missing, then twelve holes: 1, 3, 5 ... 23
      arrive(seq);
    }
    RudpPacket ack = r.ack();
    assertThat(ack.ack()).isZero();
    assertThat(ack.seq()).isEqualTo(24);
    assertThat(blocks(ack)).hasSize(8).first().isEqualTo(List.of(24L, 25L));
    // then the lowest runs
    assertThat(blocks(ack).subList(1, 8))
        .containsExactly(
            List.of(2L, 3L),
            List.of(4L, 5L),
            List.of(6L, 7L),
            List.of(8L, 9L),
            List.of(10L, 11L),
            List.of(12L, 13L),
            List.of(14L, 15L));
  }

  @Test
  void blocksReportedFirstBeforeAreRepeatedNext() {
    for (long seq = 2; seq <= 24; seq += 2) {
      arrive(seq);
      r.ack();
    }
    arrive(30);
    List<List<Long>> b = blocks(r.ack());
    assertThat(b.subList(0, 3))
        .containsExactly(List.of(30L, 31L), List.of(24L, 25L), List.of(22L, 23L));
  }

  @Test
  void runsGrowAndMergeAsHolesFill() {
    arrive(2);
    arrive(4);
    arrive(3); // joins 2 and 4: one run 2-4
    assertThat(blocks(r.ack())).containsExactly(List.of(2L, 5L));
    arrive(6);
    arrive(0); // delivered; 1 still missing
    assertThat(r.ack().ack()).isEqualTo(1);
    arrive(1); // delivers 1-4: the run 2-4 is gone, 6 remains
    RudpPacket ack = r.ack();
    assertThat(ack.ack()).isEqualTo(5);
    assertThat(blocks(ack)).containsExactly(List.of(6L, 7L));
  }

  @Test
  void anInOrderArrivalSendsNoBlocks() {
    arrive(0);
    arrive(1);
    assertThat(r.ack().sack()).isEmpty();
  }
}
