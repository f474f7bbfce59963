package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.payload.Payload;
import dev.netlab.common.payload.ReadAhead;
import dev.netlab.common.testing.Await;
import dev.netlab.udp.rudp.wire.RudpCodec;
import dev.netlab.udp.rudp.wire.RudpFormatException;
import dev.netlab.udp.rudp.wire.RudpMode;
import dev.netlab.udp.rudp.wire.RudpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sender's state machine driven by hand: no sockets, explicit time. */
@Timeout(30)
class RudpSenderTest {
  private static final long MS = 1_000_000;
  private final List<RudpPacket> out = new ArrayList<>();
  private final List<RudpSender> senders = new ArrayList<>();

  @AfterEach
  void releaseWhatTheSendersKept() {
    senders.forEach(RudpSender::close);
  }

  private RudpSender sender(RudpMode mode, long bytes) {
    return sender(mode, bytes, false);
  }

  private RudpSender sender(RudpMode mode, long bytes, boolean lossTolerant) {
    return sender(
        mode,
        bytes,
        new RudpSender.Settings(
            64, Duration.ofMillis(10), Duration.ofSeconds(10), 0, lossTolerant));
  }

  /** A sender whose source has its payloads ready (its reader thread ran ahead). */
  private RudpSender sender(RudpMode mode, long bytes, RudpSender.Settings settings) {
    ReadAhead source = new ReadAhead(Payload.generated(bytes, 1), 100);
    Await.until("the source's first payloads", Duration.ofSeconds(10), source::ready);
    RudpSender s =
        new RudpSender(
            7, mode, source, 100, settings, UnpooledByteBufAllocator.DEFAULT, this::sent);
    senders.add(s);
    return s;
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

  private List<Long> dataSent() {
    return out.stream().filter(p -> p.type() == RudpCodec.TYPE_DATA).map(RudpPacket::seq).toList();
  }

  private static RudpPacket ack(long ack, long[]... sack) {
    return echo(0, ack, sack);
  }

  /** An ACK whose seq echoes datagram {@code newest}, the arrival that caused it. */
  private static RudpPacket echo(long newest, long ack, long[]... sack) {
    return window(newest, ack, 1000, sack);
  }

  private static RudpPacket window(long newest, long ack, int window, long[]... sack) {
    return new RudpPacket(
        RudpCodec.TYPE_ACK, 0, 7, newest, ack, window, List.of(sack), new byte[0]);
  }

  private static RudpPacket synAck() {
    return RudpPacket.control(RudpCodec.TYPE_SYN_ACK, 0, 7, 0, 0, 1000);
  }

  /** Established at 1 ms, 10 datagrams (IW10) acknowledged at 2 ms, 20 more (10-29) sent. */
  private RudpSender twentyInFlight(boolean lossTolerant) {
    RudpSender s = sender(RudpMode.RELIABLE, 100_000, lossTolerant);
    s.start(0);
    s.onPacket(synAck(), MS);
    s.pump(MS, () -> true);
    s.onPacket(echo(9, 10), 2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(s.cwnd()).isEqualTo(20);
    return s;
  }

  @Test
  void oneDatagramLostOnItsOwnIsResentAndTheWindowKeptWhenLossTolerant() {
    RudpSender s = twentyInFlight(true);
    out.clear();
    s.onPacket(echo(29, 10, new long[] {11, 30}), 3 * MS);
    s.pump(3 * MS, () -> true);
    assertThat(dataSent()).startsWith(10L);
    assertThat(s.cwnd()).isGreaterThan(20);
  }

  @Test
  void byDefaultOneLostDatagramHalvesTheDatagramsInFlight() {
    RudpSender s = twentyInFlight(false);
    s.onPacket(echo(29, 10, new long[] {11, 30}), 3 * MS);
    assertThat(s.ssthresh()).isEqualTo(10.0); // 20 in flight (10-29), not cwnd (20 + 19 SACKed)
    assertThat(s.cwnd()).isEqualTo(10.0);
  }

  @Test
  void threeConsecutiveDatagramsLostHalveTheFlightWhenLossTolerant() {
    RudpSender s = twentyInFlight(true);
    s.onPacket(echo(29, 10, new long[] {13, 30}), 3 * MS);
    assertThat(s.cwnd()).isEqualTo(10.0);
  }

  @Test
  void theWindowIsCutOncePerLossEvent() {
    RudpSender s = twentyInFlight(false);
    s.onPacket(echo(29, 10, new long[] {11, 30}), 3 * MS);
    s.pump(3 * MS, () -> true); // resends 10; 9 new (30-38) fill cwnd 10
    assertThat(dataSent()).endsWith(10L, 30L, 31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L);
    // another hole in the same round trip (30 lost), found after the first: same loss event
    s.onPacket(echo(38, 10, new long[] {11, 30}, new long[] {31, 39}), 4 * MS);
    assertThat(s.ssthresh()).isEqualTo(10.0);
    assertThat(s.cwnd()).isEqualTo(10.0);
  }

  @Test
  void datagramsSackedDuringRecoveryDoNotGrowTheWindow() {
    RudpSender s = twentyInFlight(false);
    s.onPacket(echo(29, 10, new long[] {11, 30}), 3 * MS);
    s.pump(3 * MS, () -> true);
    s.onPacket(echo(38, 10, new long[] {11, 39}), 4 * MS); // 9 more SACKed, 10 still missing
    assertThat(s.cwnd()).isEqualTo(10.0);
    s.onPacket(echo(10, 39), 5 * MS); // the hole filled: recovery over
    s.onPacket(echo(39, 40), 6 * MS); // congestion avoidance: + 1/cwnd
    assertThat(s.cwnd()).isEqualTo(10.1);
  }

  @Test
  void aStaleAckDoesNotShrinkTheWindow() {
    RudpSender s = twentyInFlight(false);
    out.clear();
    // a newer ACK, then an older one that was overtaken on the way, in one read
    s.onPacket(echo(29, 30), 3 * MS);
    s.onPacket(window(19, 20, 2), 3 * MS);
    s.pump(3 * MS, () -> true);
    assertThat(dataSent()).hasSize(40); // cwnd 40, receiver window 1000 (not 2)
  }

  @Test
  void aLostRetransmissionIsFoundByRackWithoutATimeout() {
    RudpSender s = twentyInFlight(false);
    s.onPacket(echo(29, 10, new long[] {11, 30}), 3 * MS);
    s.pump(3 * MS, () -> true); // resends 10, sends 30-38, all at 3 ms
    out.clear();
    // 30-38 arrived, the resent 10 did not: sent before them, a round trip ago
    s.onPacket(echo(38, 10, new long[] {11, 39}), 5 * MS);
    s.pump(5 * MS, () -> true);
    assertThat(dataSent()).startsWith(10L).doesNotHaveDuplicates(); // then new data (39...)
    assertThat(s.timeouts()).isZero();
  }

  @Test
  void aLossAboveTheEighthHoleIsFoundFromTheNewestBlock() {
    RudpSender s = twentyInFlight(false);
    out.clear();
    // the receiver reports the block of the newest arrival first: 29 arrived, 28 did not
    s.onPacket(echo(29, 10, new long[] {29, 30}), 3 * MS);
    s.pump(3 * MS, () -> true);
    assertThat(s.rtoNanos()).isEqualTo(10 * MS);
    // a quarter of the minimum RTT later, everything sent before 29 counts as lost
    long reordering = s.nextDeadline(3 * MS);
    assertThat(reordering).isEqualTo(3 * MS + MS / 4); // 29 was sent at 2 ms: rtt 1 ms + 1/4
    out.clear();
    s.tick(reordering);
    s.pump(reordering, () -> true);
    // 10-28 lost; cwnd 11 (half of 22 in flight), 1 SACKed and 19 lost: 9 resent at once
    assertThat(dataSent()).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L);
    assertThat(s.timeouts()).isZero();
  }

  @Test
  void aTailLossIsProbedAfterTwoRoundTripsNotATimeout() {
    RudpSender s = sender(RudpMode.RELIABLE, 1000); // 10 datagrams, all in the initial window
    s.start(0);
    s.onPacket(synAck(), MS);
    s.pump(MS, () -> true);
    s.onPacket(echo(4, 5), 2 * MS); // 5-9 lost, nothing after them to show it
    out.clear();
    // srtt 1 ms (SYN and data): probe at 2 x srtt, long before the 10 ms RTO
    assertThat(s.nextDeadline(2 * MS)).isEqualTo(4 * MS);
    s.tick(4 * MS);
    s.pump(4 * MS, () -> true);
    assertThat(dataSent()).containsExactly(9L);
    assertThat(s.timeouts()).isZero();
    // unanswered: the next probe after twice the interval
    assertThat(s.nextDeadline(4 * MS)).isEqualTo(8 * MS);
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
    s.onPacket(synAck(), 2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(dataSent()).hasSize(10);
    s.onPacket(ack(3), 3 * MS);
    s.pump(3 * MS, () -> true);
    // srtt from the SYN (2 ms) and the data (1 ms): RTO far below the initial second
    assertThat(dataSent()).hasSizeGreaterThan(10);
    assertThat(s.rtoNanos()).isEqualTo(10 * MS);
  }

  @Test
  void threeSackedAboveAHoleRetransmitTheHoleOnce() {
    RudpSender s = sender(RudpMode.RELIABLE, 10_000);
    s.start(0);
    s.onPacket(synAck(), MS);
    s.pump(MS, () -> true);
    out.clear();
    s.onPacket(ack(2, new long[] {3, 6}), 2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(dataSent()).startsWith(2L);
    // the copy says it is one (the receiver then does not count it as reordering), with a valid
    // CRC (sent() decodes every datagram); first copies do not
    assertThat(out.stream().filter(p -> p.type() == RudpCodec.TYPE_DATA).toList())
        .first()
        .satisfies(p -> assertThat(p.flags()).isEqualTo(RudpCodec.FLAG_RETRANSMISSION));
    assertThat(out.stream().filter(p -> p.type() == RudpCodec.TYPE_DATA && p.seq() > 9))
        .allSatisfy(p -> assertThat(p.flags()).isZero());
    out.clear();
    s.onPacket(ack(2, new long[] {3, 7}), 3 * MS);
    s.pump(3 * MS, () -> true);
    assertThat(dataSent()).doesNotContain(2L);
  }

  @Test
  void timeoutRetransmitsTheOldestAndBacksOff() {
    RudpSender s = sender(RudpMode.RELIABLE, 10_000);
    s.start(0);
    s.onPacket(synAck(), MS);
    s.pump(MS, () -> true);
    out.clear();
    s.tick(100 * MS); // RTO after one 1 ms sample is the 10 ms floor
    s.pump(100 * MS, () -> true);
    assertThat(dataSent()).containsExactly(0L); // cwnd 1: the oldest only
    out.clear();
    // backed off to 20 ms; meanwhile probes resend the oldest at 2 x srtt (2 ms), 4 ms, 8 ms
    for (long at : new long[] {102, 106, 114}) {
      assertThat(s.nextDeadline(at * MS - 1)).isEqualTo(at * MS);
      s.tick(at * MS);
    }
    assertThat(dataSent()).containsExactly(0L, 0L, 0L);
    assertThat(s.timeouts()).isEqualTo(1);
    // the next probe (8 ms later, at 122 ms) comes after the RTO
    assertThat(s.nextDeadline(114 * MS)).isEqualTo(120 * MS);
    out.clear();
    s.tick(120 * MS);
    s.pump(120 * MS, () -> true);
    assertThat(dataSent()).containsExactly(0L);
    assertThat(s.timeouts()).isEqualTo(2);
  }

  @Test
  void ssthreshIsNotHalvedAgainWhenTheRetransmissionTimesOut() {
    RudpSender s = twentyInFlight(false);
    s.tick(12 * MS); // armed at 2 ms, 10 ms (the floor)
    assertThat(s.timeouts()).isEqualTo(1);
    assertThat(s.ssthresh()).isEqualTo(10.0); // 20 in flight
    assertThat(s.cwnd()).isEqualTo(1.0);
    s.pump(12 * MS, () -> true);
    s.tick(32 * MS); // backed off to 20 ms: the resent datagram times out too
    assertThat(s.timeouts()).isEqualTo(2);
    assertThat(s.ssthresh()).isEqualTo(10.0); // not max(1 / 2, 2) = 2
    assertThat(s.cwnd()).isEqualTo(1.0);
  }

  @Test
  void theRtoStartsAtOneSecondAndDoublesPastTheOldFiveHundredMsCap() {
    RudpSender s =
        sender(
            RudpMode.RELIABLE,
            10_000,
            new RudpSender.Settings(64, Duration.ofMillis(200), Duration.ofSeconds(10), 0));
    s.start(0);
    assertThat(s.rtoNanos()).isEqualTo(1000 * MS);
    assertThat(s.nextDeadline(0)).isEqualTo(1000 * MS);
    s.tick(1000 * MS);
    assertThat(s.timeouts()).isEqualTo(1);
    assertThat(s.rtoNanos()).isEqualTo(2000 * MS);
    // between timeouts (at 1, 3 and 7 s) the SYN is also resent every second (no RTT known yet)
    long now = 1000 * MS;
    while (s.nextDeadline(now) < 10_000 * MS) {
      now = s.nextDeadline(now);
      s.tick(now);
    }
    assertThat(s.timeouts()).isEqualTo(3);
    assertThat(s.rtoNanos()).isEqualTo(8000 * MS);
    assertThat(out)
        .filteredOn(p -> p.type() == RudpCodec.TYPE_SYN)
        .extracting(p -> p.type())
        .hasSize(10); // 0, 1, ..., 9 s
    // the next SYN timeout would be at 15 s: the dead-peer time, counted from the last answer,
    // comes first
    assertThat(s.nextDeadline(now)).isEqualTo(10_000 * MS);
    s.tick(10_000 * MS);
    assertThat(s.state()).isEqualTo(RudpSender.State.FAILED);
    Assertions.assertThatThrownBy(() -> s.result().get())
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("no answer from the receiver for 10 s (SYN never answered");
  }

  @Test
  void anUnansweredFinIsResentAfterTwoRoundTrips() {
    RudpSender s = sender(RudpMode.RELIABLE, 1000);
    s.start(0);
    s.onPacket(synAck(), MS); // srtt 1 ms
    s.pump(MS, () -> true);
    s.onPacket(echo(9, 10), 2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(s.state()).isEqualTo(RudpSender.State.FIN_SENT);
    assertThat(s.nextDeadline(2 * MS)).isEqualTo(4 * MS); // not the 10 ms RTO
    s.tick(4 * MS);
    assertThat(out).filteredOn(p -> p.type() == RudpCodec.TYPE_FIN).hasSize(2);
    assertThat(s.timeouts()).isZero();
  }

  @Test
  void theDeadPeerTimeCountsFromTheLastAnswerNotFromTheRto() {
    RudpSender s = twentyInFlight(false);
    s.onPacket(echo(29, 30), 9_000 * MS);
    s.tick(10_500 * MS);
    assertThat(s.state()).isEqualTo(RudpSender.State.ESTABLISHED);
    assertThat(s.nextDeadline(10_500 * MS)).isLessThanOrEqualTo(19_000 * MS);
  }

  @Test
  void portUnreachableBeforeTheHandshakeEndsTheTransferOnTheThird() {
    RudpSender s = sender(RudpMode.RELIABLE, 10_000);
    s.start(0);
    s.onPortUnreachable(MS);
    s.onPortUnreachable(2 * MS);
    assertThat(s.state()).isEqualTo(RudpSender.State.SYN_SENT);
    s.onPortUnreachable(3 * MS);
    assertThat(s.state()).isEqualTo(RudpSender.State.FAILED);
    Assertions.assertThatThrownBy(() -> s.result().get())
        .hasMessageContaining("the receiver's port is closed (ICMP port unreachable, 3 times)");
  }

  @Test
  void sequencedModePacesItsDatagramsByDeadlinesAMillisecondApart() {
    RudpSender s =
        sender(
            RudpMode.SEQUENCED,
            10_000,
            new RudpSender.Settings(64, Duration.ofMillis(10), Duration.ofSeconds(10), 10_000));
    s.start(0);
    s.onPacket(synAck(), MS);
    s.pump(MS, () -> true);
    assertThat(dataSent()).hasSize(1); // datagram 0 at once; 1 is due 100 us later
    assertThat(s.nextDeadline(MS)).isEqualTo(2 * MS);
    s.tick(2 * MS);
    s.pump(2 * MS, () -> true);
    assertThat(dataSent()).hasSize(11); // 10,000 a second: ten per millisecond
  }
}
