package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpMode;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loss recovery on its own: ten datagrams sent 1 µs apart, then what the receiver reports. No RTT
 * sample is taken, so RACK's reordering window is zero and a hole below a SACKed run is lost at
 * once.
 */
@Timeout(10)
class LossRecoveryTest {
  private static final long US = 1_000;

  private final SendBuffer buffer = new SendBuffer(64, 16);
  private final CongestionControl cc = new CongestionControl(64);
  private final RttEstimator rtt = new RttEstimator(Duration.ofMillis(200));
  private final SenderStats stats =
      new SenderStats(RudpMode.RELIABLE, 1000, 10, 100, Duration.ZERO, rtt, cc);

  @AfterEach
  void close() {
    buffer.close();
  }

  private LossRecovery sendTen(boolean lossTolerant) {
    LossRecovery r = new LossRecovery(buffer, cc, rtt, stats, lossTolerant);
    for (int i = 0; i < 10; i++) {
      buffer.sent(Unpooled.buffer(16).writeZero(16), i * US);
    }
    return r;
  }

  private RudpResult result() {
    return stats.result(new FinAck(0, 0, 0, 0, 0, 0, new byte[32]), 1, "", null);
  }

  @Test
  void aHoleBelowSackedDatagramsStartsOneRecoveryAndCutsTheWindowOnce() {
    LossRecovery r = sendTen(false);
    assertThat(r.recovering()).isFalse();
    long now = 100 * US;
    assertThat(r.sack(List.of(new long[] {1, 10}), now)).isEqualTo(9);
    r.detectLoss(now);

    assertThat(r.recovering()).isTrue();
    assertThat(r.afterTimeout()).isFalse();
    assertThat(buffer.pollLost()).isZero();
    assertThat(r.firstRetransmissionDue()).isTrue();
    r.retransmitted();
    assertThat(r.firstRetransmissionDue()).isFalse();
    assertThat(cc.window()).as("half of 10 in flight").isEqualTo(5.0);

    r.detectLoss(now + US); // the same recovery: no second cut, no second count
    assertThat(cc.window()).isEqualTo(5.0);
    r.grow(0, 5);
    assertThat(cc.window()).as("no growth in fast recovery").isEqualTo(5.0);

    assertThat(r.acknowledge(9, now + 2 * US)).as("datagram 0, not SACKed").isEqualTo(1);
    assertThat(r.recovering()).as("datagram 9 is still below the recovery point").isTrue();
    r.acknowledge(10, now + 3 * US);
    assertThat(r.recovering()).isFalse();
    assertThat(result().fastRetransmits()).isEqualTo(1);
    assertThat(result().isolatedLosses()).isZero();
  }

  @Test
  void lossTolerantKeepsTheWindowForALossOnItsOwnAndCountsIt() {
    LossRecovery r = sendTen(true);
    long now = 100 * US;
    r.sack(List.of(new long[] {1, 10}), now);
    r.detectLoss(now);

    assertThat(r.recovering()).isTrue();
    assertThat(cc.window()).isEqualTo(CongestionControl.INITIAL_WINDOW);
    r.grow(1, 0);
    assertThat(cc.window()).as("a recovery that kept the window grows").isGreaterThan(10.0);
    r.acknowledge(10, now + US);
    assertThat(r.recovering()).isFalse();
    assertThat(result().isolatedLosses()).isEqualTo(1);
  }

  @Test
  void lossTolerantCutsTheWindowForABurst() {
    LossRecovery r = sendTen(true);
    long now = 100 * US;
    r.sack(List.of(new long[] {LossRecovery.BURST, 10}), now);
    r.detectLoss(now);

    assertThat(cc.window()).isEqualTo(5.0);
    r.acknowledge(10, now + US);
    assertThat(result().isolatedLosses()).isZero();
  }

  @Test
  void aDatagramNotYetOverdueSetsTheReorderingTimerInstead() {
    LossRecovery r = sendTen(false);
    rtt.sample(50 * US); // a reordering window of a quarter of the minimum RTT: 12.5 µs
    // 9, sent at 9 µs, delivered at 100 µs: a round trip of 91 µs; datagram s is lost at
    // s + 91 + 12.5 µs
    r.sack(List.of(new long[] {9, 10}), 100 * US);
    r.detectLoss(100 * US);
    assertThat(r.recovering()).isFalse();
    assertThat(r.timerAt()).isEqualTo(103_500);

    r.detectLoss(104 * US);
    assertThat(r.recovering()).isTrue();
    assertThat(buffer.pollLost()).isZero();
    assertThat(buffer.anyLost()).isFalse();
    assertThat(r.timerAt()).isEqualTo(104_500);
    r.stopTimer();
    assertThat(r.timerAt()).isEqualTo(RudpSender.NEVER);
  }

  @Test
  void aTimeoutCollapsesTheWindowAndMarksOnlyTheOldestLost() {
    LossRecovery r = sendTen(false);
    r.onTimeout();

    assertThat(r.recovering()).isTrue();
    assertThat(r.afterTimeout()).isTrue();
    assertThat(r.firstRetransmissionDue()).isTrue();
    assertThat(cc.window()).isEqualTo(CongestionControl.LOSS_WINDOW);
    assertThat(buffer.pollLost()).isZero();
    assertThat(buffer.anyLost()).isFalse();
    r.grow(2, 0);
    assertThat(cc.window()).as("slow start from what is acknowledged").isEqualTo(3.0);
    r.acknowledge(10, 100 * US);
    assertThat(r.recovering()).isFalse();
  }
}
