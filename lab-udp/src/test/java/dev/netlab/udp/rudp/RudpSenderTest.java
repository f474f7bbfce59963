package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender's state machine driven by hand: no sockets, explicit time. */
class RudpSenderTest {
  private static final long MS = 1_000_000;
  private final List<RudpPacket> out = new ArrayList<>();
  private final List<RudpSender> senders = new ArrayList<>();

  /** A sender keeps its unacknowledged datagrams until closed, as RudpClient does at the end. */
  @AfterEach
  void closeSenders() {
    senders.forEach(RudpSender::close);
  }

  private RudpSender sender(RudpMode mode, long bytes) {
    return sender(mode, bytes, false);
  }

  private RudpSender sender(RudpMode mode, long bytes, boolean reno) {
    RudpSender sender =
        new RudpSender(
            7,
            mode,
            RudpSource.generated(bytes, 100, 1),
            100,
            new RudpSender.Settings(64, Duration.ofMillis(10), Duration.ofSeconds(10), 0, reno),
            UnpooledByteBufAllocator.DEFAULT,
            this::sent);
    senders.add(sender);
    return sender;
  }

  /** What the sender hands to the socket, decoded: it must always decode. */
  private void sent(ByteBuf datagram) {
    try {
      out.add(RudpCodec.decode(datagram));
    } catch (RudpFormatException e) {
      throw new AssertionError("the sender sent a datagram that does not decode", e);
    } finally {
      datagram.release();
    }
  }

  private static RudpPacket ack(long ack, long[]... sack) {
    return echo(0, ack, sack);
  }

  /** An ACK whose seq echoes datagram {@code newest}, the arrival that caused it. */
  private static RudpPacket echo(long newest, long ack, long[]... sack) {
    return new RudpPacket(RudpCodec.TYPE_ACK, 0, 7, newest, ack, 1000, List.of(sack), new byte[0]);
  }

  /** Established at 1 ms, 10 datagrams (IW10) acknowledged at 2 ms, 20 more (10-29) sent. */
  private RudpSender twentyInFlight(boolean reno) {
    RudpSender s = sender(RudpMode.RELIABLE, 100_000, reno);
    s.start(0);
    s.onPacket(RudpPacket.control(RudpCodec.TYPE_SYN_ACK, 0, 7, 0, 0, 1000), MS);
    s.pump(MS, () -> true);
    s.onPacket(echo(9, 10), 2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(s.cwnd()).isEqualTo(20);
    return s;
  }

  @Test
  void oneDatagramLostOnItsOwnIsResentAndTheWindowKept() {
    RudpSender s = twentyInFlight(false);
    out.clear();
    s.onPacket(echo(29, 10, new long[] {11, 30}), 3 * MS);
    s.pump(3 * MS, () -> true);
    assertThat(out).extracting(RudpPacket::seq).startsWith(10L);
    assertThat(s.cwnd()).isGreaterThan(20);
  }

  @Test
  void renoHalvesTheWindowForOneLostDatagram() {
    RudpSender s = twentyInFlight(true);
    s.onPacket(echo(29, 10, new long[] {11, 30}), 3 * MS);
    assertThat(s.cwnd()).isLessThan(20);
  }

  @Test
  void threeConsecutiveDatagramsLostHalveTheWindow() {
    RudpSender s = twentyInFlight(false);
    s.onPacket(echo(29, 10, new long[] {13, 30}), 3 * MS);
    assertThat(s.cwnd()).isLessThan(20);
  }

  @Test
  void anAckDelayedByLostAcksGivesNoRoundTripSample() {
    RudpSender s = twentyInFlight(false);
    double srtt = s.srttMillis();
    // every ACK for 10-29 is lost; the timeout resends 10, whose duplicate arrival is echoed
    s.tick(500 * MS);
    s.pump(500 * MS, () -> true);
    s.onPacket(echo(10, 30), 501 * MS);
    // 10-29 were sent once, 498 ms ago, and are newly acknowledged: not a round trip
    assertThat(s.srttMillis()).isEqualTo(srtt);
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
