package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5681 in datagrams: slow start, additive increase, ssthresh after loss and timeout. */
class CongestionControlTest {
  @Test
  void startsAtTheInitialWindowWithNoThreshold() {
    CongestionControl cc = new CongestionControl(1024);
    assertThat(cc.window()).isEqualTo(10.0);
    assertThat(cc.ssthresh()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(cc.decreases()).isZero();
  }

  @Test
  void slowStartAddsOneDatagramPerDatagramAcknowledged() {
    CongestionControl cc = new CongestionControl(1024);
    cc.onAck(5);
    assertThat(cc.window()).isEqualTo(15.0);
    cc.onAck(0);
    assertThat(cc.window()).isEqualTo(15.0);
    cc.onAck(15);
    assertThat(cc.window()).isEqualTo(30.0);
  }

  @Test
  void congestionAvoidanceAddsOneOverCwndPerDatagramAcknowledged() {
    CongestionControl cc = new CongestionControl(1024);
    cc.onLoss(20);
    assertThat(cc.window()).isEqualTo(10.0);
    cc.onAck(1);
    assertThat(cc.window()).isEqualTo(10.1);
    double expected = 10.1;
    for (int i = 0; i < 9; i++) {
      expected += 1 / expected;
    }
    cc.onAck(9);
    assertThat(cc.window()).isEqualTo(expected);
    assertThat(cc.window()).isBetween(10.9, 11.0); // about one datagram per window acknowledged
  }

  @Test
  void slowStartStopsAtSsthreshWithinOneBatchOfAcks() {
    CongestionControl cc = new CongestionControl(1024);
    cc.onTimeout(20, false); // ssthresh 10, cwnd 1
    cc.onAck(8);
    assertThat(cc.window()).isEqualTo(9.0);
    cc.onAck(2); // 9 -> 10 in slow start, then 10 -> 10.1 in congestion avoidance
    assertThat(cc.window()).isEqualTo(10.1);
  }

  @Test
  void aLossSetsSsthreshToHalfTheFlightSizeNotHalfTheWindow() {
    CongestionControl cc = new CongestionControl(1024);
    cc.onAck(30); // cwnd 40
    cc.onLoss(7); // only 7 in flight (the application had no more)
    assertThat(cc.ssthresh()).isEqualTo(3.5);
    assertThat(cc.window()).isEqualTo(3.5);
    assertThat(cc.decreases()).isEqualTo(1);
  }

  @Test
  void ssthreshNeverFallsBelowTwo() {
    CongestionControl cc = new CongestionControl(1024);
    cc.onLoss(5);
    assertThat(cc.ssthresh()).isEqualTo(2.5);
    cc.onLoss(4);
    assertThat(cc.ssthresh()).isEqualTo(2.0);
    cc.onLoss(3);
    assertThat(cc.ssthresh()).isEqualTo(2.0);
    assertThat(cc.window()).isEqualTo(2.0);
    cc.onLoss(0);
    assertThat(cc.ssthresh()).isEqualTo(2.0);
    assertThat(cc.decreases()).isEqualTo(4);
  }

  @Test
  void aTimeoutSetsSsthreshFromTheFlightSizeAndTheWindowToOne() {
    CongestionControl cc = new CongestionControl(1024);
    cc.onAck(30);
    cc.onTimeout(36, false);
    assertThat(cc.ssthresh()).isEqualTo(18.0);
    assertThat(cc.window()).isEqualTo(1.0);
    assertThat(cc.decreases()).isEqualTo(1);
  }

  @Test
  void aSecondTimeoutOfTheSameDatagramKeepsSsthresh() {
    CongestionControl cc = new CongestionControl(1024);
    cc.onAck(30);
    cc.onTimeout(36, false);
    cc.onTimeout(36, true); // the retransmission timed out too: FlightSize is not halved again
    assertThat(cc.ssthresh()).isEqualTo(18.0);
    assertThat(cc.window()).isEqualTo(1.0);
    assertThat(cc.decreases()).isEqualTo(1);
    cc.onAck(3);
    assertThat(cc.window()).isEqualTo(4.0); // slow start again, up to 18
  }

  @Test
  void theWindowNeverGrowsPastItsCap() {
    CongestionControl cc = new CongestionControl(16);
    cc.onAck(5);
    assertThat(cc.window()).isEqualTo(15.0);
    cc.onAck(100);
    assertThat(cc.window()).isEqualTo(16.0);
    cc.onLoss(16);
    cc.onAck(1000);
    assertThat(cc.window()).isEqualTo(16.0);
  }

  @Test
  void aCapBelowTheInitialWindowIsRaisedToIt() {
    CongestionControl cc = new CongestionControl(4);
    cc.onAck(5);
    assertThat(cc.window()).isEqualTo(10.0);
  }
}
