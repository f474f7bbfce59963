package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netlab.udp.rudp.wire.FinAck;
import dev.netlab.udp.rudp.wire.RudpMode;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sender's counts, the --omit split and the result they make. */
@Timeout(10)
class SenderStatsTest {
  private static final long SECOND = 1_000_000_000L;

  /** 10,000 bytes in 100-byte datagrams: 100 datagrams. */
  private static SenderStats stats(RudpMode mode, Duration omit) {
    return new SenderStats(
        mode,
        10_000,
        100,
        100,
        omit,
        new RttEstimator(Duration.ofMillis(200)),
        new CongestionControl(64));
  }

  private static FinAck fin(long bytes) {
    byte[] sha = new byte[32];
    Arrays.fill(sha, (byte) 0xab);
    return new FinAck(bytes, 100, 1, 2, 3, 4, sha);
  }

  @Test
  void theResultCarriesEveryCountAndTheReceiversFigures() {
    SenderStats s = stats(RudpMode.RELIABLE, Duration.ZERO);
    for (int i = 0; i < 3; i++) {
      s.onSent();
    }
    s.onRetransmission();
    s.onRetransmission();
    s.onTimeout();
    s.onFastRetransmit();
    s.onProbe();
    s.onProbe();
    s.onProbe();
    s.onIsolatedLoss();
    s.onAck();
    s.onAck();
    s.onStaleAck();
    assertThat(s.onPortUnreachable()).isEqualTo(1);
    assertThat(s.onPortUnreachable()).isEqualTo(2);
    s.onCwnd(30);
    s.onCwnd(12);

    RudpResult r = s.result(fin(10_000), 2.5, "cafe", null);

    assertThat(r.mode()).isEqualTo(RudpMode.RELIABLE);
    assertThat(r.bytes()).isEqualTo(10_000);
    assertThat(r.datagrams()).isEqualTo(100);
    assertThat(r.payloadSize()).isEqualTo(100);
    assertThat(r.seconds()).isEqualTo(2.5);
    assertThat(r.sent()).as("3 new + 2 resent").isEqualTo(5);
    assertThat(r.retransmissions()).isEqualTo(2);
    assertThat(r.timeouts()).isEqualTo(1).isEqualTo(s.timeouts());
    assertThat(r.fastRetransmits()).isEqualTo(1);
    assertThat(r.probes()).isEqualTo(3);
    assertThat(r.isolatedLosses()).isEqualTo(1);
    assertThat(r.acks()).isEqualTo(2);
    assertThat(r.staleAcks()).isEqualTo(1);
    assertThat(r.portUnreachable()).isEqualTo(2).isEqualTo(s.portUnreachable());
    assertThat(r.maxCwnd()).isEqualTo(30);
    assertThat(r.cwnd()).isEqualTo(CongestionControl.INITIAL_WINDOW);
    assertThat(r.sentSha256()).isEqualTo("cafe");
    assertThat(r.deliveredBytes()).isEqualTo(10_000);
    assertThat(r.deliveredDatagrams()).isEqualTo(100);
    assertThat(r.lost()).isEqualTo(1);
    assertThat(r.late()).isEqualTo(2);
    assertThat(r.duplicates()).isEqualTo(3);
    assertThat(r.reordered()).isEqualTo(4);
    assertThat(r.deliveredSha256()).isEqualTo("ab".repeat(32));
    assertThat(r.afterOmit()).isNull();
  }

  @Test
  void withoutOmitThereIsNoDeadlineAndNoSplit() {
    SenderStats s = stats(RudpMode.RELIABLE, Duration.ZERO);
    assertThat(s.omitEndsAt(5 * SECOND)).isEqualTo(RudpSender.NEVER);
    s.endOmitIfDue(100 * SECOND, 5 * SECOND, 50);
    assertThat(s.afterOmit(10_000, 200 * SECOND)).isNull();
  }

  @Test
  void omitEndsItsDurationAfterTheHandshakeAndNotBefore() {
    SenderStats s = stats(RudpMode.RELIABLE, Duration.ofSeconds(2));
    assertThat(s.omitEndsAt(5 * SECOND)).isEqualTo(7 * SECOND);
    s.endOmitIfDue(7 * SECOND - 1, 5 * SECOND, 10);
    assertThat(s.afterOmit(10_000, 8 * SECOND)).as("the transfer ended first").isNull();
    assertThat(s.omitEndsAt(5 * SECOND)).isEqualTo(7 * SECOND);

    s.endOmitIfDue(7 * SECOND, 5 * SECOND, 40);
    assertThat(s.omitEndsAt(5 * SECOND)).as("ended").isEqualTo(RudpSender.NEVER);
    s.endOmitIfDue(8 * SECOND, 5 * SECOND, 90); // once only

    RudpResult.AfterOmit a = s.afterOmit(10_000, 11 * SECOND);
    assertThat(a.omitted()).isEqualTo(2.0);
    assertThat(a.datagrams()).as("100 - 40 acknowledged at its end").isEqualTo(60);
    assertThat(a.bytes()).isEqualTo(10_000 - 40 * 100);
    assertThat(a.seconds()).isEqualTo(4.0);
  }

  @Test
  void afterOmitBytesNeverGoNegative() {
    SenderStats s =
        new SenderStats(
            RudpMode.RELIABLE,
            950,
            10,
            100,
            Duration.ofSeconds(1),
            new RttEstimator(Duration.ofMillis(200)),
            new CongestionControl(64));
    s.endOmitIfDue(SECOND, 0, 10);
    RudpResult.AfterOmit a = s.afterOmit(950, 2 * SECOND);
    assertThat(a.datagrams()).isZero();
    assertThat(a.bytes()).as("never negative").isZero();
  }

  @Test
  void sequencedModeScalesTheBytesByTheShareTheReceiverGot() {
    SenderStats s = stats(RudpMode.SEQUENCED, Duration.ofSeconds(1));
    s.endOmitIfDue(SECOND, 0, 20);
    // the receiver got 8,000 of 10,000 bytes: 80% of the 80 datagrams sent after --omit
    RudpResult.AfterOmit a = s.afterOmit(8_000, 3 * SECOND);
    assertThat(a.datagrams()).isEqualTo(80);
    assertThat(a.bytes()).isEqualTo(6_400);
    assertThat(a.seconds()).isCloseTo(2.0, within(1e-9));
  }
}
