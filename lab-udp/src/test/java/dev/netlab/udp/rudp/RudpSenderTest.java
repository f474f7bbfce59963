package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender's state machine driven by hand: no sockets, explicit time. */
class RudpSenderTest {
  private static final long MS = 1_000_000;
  private final List<RudpPacket> out = new ArrayList<>();

  private RudpSender sender(RudpMode mode, long bytes) {
    return new RudpSender(
        7,
        mode,
        RudpSource.generated(bytes, 100, 1),
        100,
        new RudpSender.Settings(64, Duration.ofMillis(10), Duration.ofSeconds(10), 0),
        out::add);
  }

  private static RudpPacket ack(long ack, long[]... sack) {
    return new RudpPacket(RudpCodec.TYPE_ACK, 0, 7, 0, ack, 1000, List.of(sack), new byte[0]);
  }

  @Test
  void anAckOfDataSentOnceGivesAnRttSampleAndBringsTheTimeoutDown() {
    RudpSender s = sender(RudpMode.RELIABLE, 10_000);
    s.start(0);
    s.onPacket(RudpPacket.control(RudpCodec.TYPE_SYN_ACK, 0, 7, 0, 0, 1000), 2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(out).filteredOn(p -> p.type() == RudpCodec.TYPE_DATA).hasSize(10);
    s.onPacket(ack(3), 3 * MS);
    s.pump(3 * MS, () -> true);
    // srtt from the SYN (2 ms) and the data (1 ms): RTO far below the initial second
    assertThat(out).filteredOn(p -> p.type() == RudpCodec.TYPE_DATA).hasSizeGreaterThan(10);
  }

  @Test
  void threeSackedAboveAHoleRetransmitTheHoleOnce() {
    RudpSender s = sender(RudpMode.RELIABLE, 10_000);
    s.start(0);
    s.onPacket(RudpPacket.control(RudpCodec.TYPE_SYN_ACK, 0, 7, 0, 0, 1000), MS);
    s.pump(MS, () -> true);
    out.clear();
    s.onPacket(ack(2, new long[] {3, 6}), 2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(out)
        .filteredOn(p -> p.type() == RudpCodec.TYPE_DATA)
        .extracting(RudpPacket::seq)
        .startsWith(2L);
    out.clear();
    s.onPacket(ack(2, new long[] {3, 7}), 3 * MS);
    s.pump(3 * MS, () -> true);
    assertThat(out)
        .filteredOn(p -> p.type() == RudpCodec.TYPE_DATA)
        .extracting(RudpPacket::seq)
        .doesNotContain(2L);
  }

  @Test
  void timeoutRetransmitsTheOldestAndBacksOff() {
    RudpSender s = sender(RudpMode.RELIABLE, 10_000);
    s.start(0);
    s.onPacket(RudpPacket.control(RudpCodec.TYPE_SYN_ACK, 0, 7, 0, 0, 1000), MS);
    s.pump(MS, () -> true);
    out.clear();
    s.tick(100 * MS); // RTO after one 1 ms sample is the 10 ms floor
    s.pump(100 * MS, () -> true);
    assertThat(out).extracting(RudpPacket::seq).containsExactly(0L);
    out.clear();
    s.tick(115 * MS); // backed off to 20 ms: not yet
    assertThat(out).isEmpty();
    s.tick(121 * MS);
    s.pump(121 * MS, () -> true);
    assertThat(out).extracting(RudpPacket::seq).containsExactly(0L);
  }
}
