package dev.netlab.udp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ArrivalStatsTest {
  private static final long MS = 1_000_000;

  private static ArrivalStats feed(long playout, long... seqs) {
    ArrivalStats s = new ArrivalStats(playout);
    for (long seq : seqs) {
      s.onData(seq, seq * MS, seq * MS + 5 * MS, 100);
    }
    return s;
  }

  @Test
  void lossIsReportedAsExactRanges() {
    ArrivalStats s = feed(100 * MS, 0, 1, 4, 5, 9);
    s.onEnd(12);
    assertThat(s.received()).isEqualTo(5);
    assertThat(s.lost()).isEqualTo(7);
    assertThat(s.lostRanges(10))
        .containsExactly(new long[] {2, 3}, new long[] {6, 8}, new long[] {10, 11});
  }

  @Test
  void reorderingIsCountedApartFromLoss() {
    ArrivalStats s = feed(100 * MS, 0, 2, 1, 3, 5, 4);
    s.onEnd(6);
    assertThat(s.lost()).isZero();
    assertThat(s.reordered()).isEqualTo(2);
    assertThat(s.duplicates()).isZero();
  }

  @Test
  void aDatagramOvertakenByOneSentPlayoutLaterIsLate() {
    ArrivalStats s = feed(3 * MS, 0, 2, 1, 6, 3);
    // 1 was overtaken by 2 (sent 1 ms later): reordered, not late;
    // 3 was overtaken by 6 (sent 3 ms later): late
    assertThat(s.reordered()).isEqualTo(2);
    assertThat(s.late()).isEqualTo(1);
    assertThat(s.lostRanges(5)).containsExactly(new long[] {4, 5});
  }

  @Test
  void aDatagramOvertakenByOneSentLessThanPlayoutLaterIsOnlyReordered() {
    ArrivalStats s = feed(3 * MS, 0, 2, 1);
    assertThat(s.reordered()).isEqualTo(1);
    assertThat(s.late()).isZero();
  }

  @Test
  void aSecondCopyIsADuplicateNotAReorder() {
    ArrivalStats s = feed(100 * MS, 0, 1, 1, 2, 0);
    assertThat(s.duplicates()).isEqualTo(2);
    assertThat(s.reordered()).isZero();
    assertThat(s.received()).isEqualTo(3);
  }

  @Test
  void everythingLostButTheEndStillCounts() {
    ArrivalStats s = new ArrivalStats(MS);
    s.onEnd(1000);
    assertThat(s.lost()).isEqualTo(1000);
    assertThat(s.lostRanges(5)).containsExactly(new long[] {0, 999});
  }

  @Test
  void absurdSequenceJumpsAreIgnoredNotCountedAsLoss() {
    ArrivalStats s = feed(MS, 0, 1L << 40, 1);
    assertThat(s.implausible()).isEqualTo(1);
    assertThat(s.lost()).isZero();
    assertThat(s.received()).isEqualTo(2);
  }

  @Test
  void aLateDatagramSplitsItsGapAtAnyPlace() {
    ArrivalStats s = feed(100 * MS, 0, 6);
    s.onData(3, 3 * MS, 20 * MS, 100); // mid-range: [1, 5] becomes [1, 2] and [4, 5]
    assertThat(s.lostRanges(10)).containsExactly(new long[] {1, 2}, new long[] {4, 5});
    assertThat(s.lost()).isEqualTo(4);
    assertThat(s.lostRangeCount()).isEqualTo(2);
    s.onData(1, MS, 21 * MS, 100); // first of a range
    s.onData(5, 5 * MS, 22 * MS, 100); // last of a range
    assertThat(s.lostRanges(10)).containsExactly(new long[] {2, 2}, new long[] {4, 4});
    s.onData(2, 2 * MS, 23 * MS, 100); // a whole one-number range
    assertThat(s.lostRanges(10)).containsExactly(new long[] {4, 4});
    assertThat(s.lost()).isEqualTo(1);
    assertThat(s.reordered()).isEqualTo(4);
    assertThat(s.received()).isEqualTo(6);
    assertThat(s.duplicates()).isZero();
  }

  @Test
  void lostRangesStopsAtItsLimitWhileTheCountSaysHowManyThereAre() {
    ArrivalStats s = feed(MS, 0, 2, 4, 6);
    assertThat(s.lostRanges(2)).containsExactly(new long[] {1, 1}, new long[] {3, 3});
    assertThat(s.lostRangeCount()).isEqualTo(3);
  }

  @Test
  void countsBytesAndTheTimeFromFirstToLastArrival() {
    ArrivalStats s = new ArrivalStats(MS);
    s.onData(0, 0, 2_000 * MS, 100);
    s.onData(1, 0, 2_500 * MS, 250);
    s.onData(1, 0, 9_000 * MS, 999); // a duplicate: neither bytes nor time
    s.onData(1L << 40, 0, 9_500 * MS, 999); // implausible: neither
    assertThat(s.bytes()).isEqualTo(350);
    assertThat(s.seconds()).isEqualTo(0.5);
    assertThat(s.total()).isEqualTo(-1);
    s.onEnd(2);
    assertThat(s.total()).isEqualTo(2);
    assertThat(s.lost()).isZero();
  }

  @Test
  void aJumpOfExactlyMaxJumpIsImplausibleAndOneLessIsLoss() {
    ArrivalStats s = feed(MS, 0, 1 + ArrivalStats.MAX_JUMP);
    assertThat(s.implausible()).isEqualTo(1);
    s.onData(ArrivalStats.MAX_JUMP, 0, 0, 100);
    assertThat(s.implausible()).isEqualTo(1);
    assertThat(s.lost()).isEqualTo(ArrivalStats.MAX_JUMP - 1);
    assertThat(feed(MS, -1).implausible()).isEqualTo(1);
  }

  @Test
  void anEndCountingExactlyWhatArrivedAddsNoRange() {
    ArrivalStats s = feed(MS, 0, 1, 2);
    s.onEnd(3);
    assertThat(s.lostRangeCount()).isZero();
    assertThat(s.lostRanges(5)).isEmpty();
    s.onEnd(2); // a lower count (a repeated END of a shorter run) changes nothing
    assertThat(s.lost()).isZero();
  }

  @Test
  void anEndTooFarAheadIsNotBelieved() {
    ArrivalStats s = feed(MS, 0);
    s.onEnd(1 + ArrivalStats.MAX_JUMP);
    assertThat(s.lost()).isZero();
    assertThat(s.total()).isEqualTo(1 + ArrivalStats.MAX_JUMP);
    ArrivalStats t = feed(MS, 0);
    t.onEnd(ArrivalStats.MAX_JUMP);
    assertThat(t.lost()).isEqualTo(ArrivalStats.MAX_JUMP - 1);
    assertThat(t.lostRanges(5)).containsExactly(new long[] {1, ArrivalStats.MAX_JUMP - 1});
  }

  /** A sender skipping every other sequence number opens one gap per datagram. */
  private static ArrivalStats everyOther(int gaps) {
    ArrivalStats s = new ArrivalStats(100 * MS);
    for (long seq = 0; seq <= 2L * gaps; seq += 2) {
      s.onData(seq, seq * MS, seq * MS + 5 * MS, 100);
    }
    return s;
  }

  @Test
  void keepsAtMostMaxLostRangesYetCountsEveryLoss() {
    int gaps = 3 * ArrivalStats.MAX_LOST_RANGES;
    ArrivalStats s = everyOther(gaps);
    s.onEnd(2L * gaps + 1);
    assertThat(s.lost()).isEqualTo(gaps);
    assertThat(s.received()).isEqualTo(gaps + 1);
    assertThat(s.lostRangeCount()).isEqualTo(gaps);
    List<long[]> held = s.lostRanges(Integer.MAX_VALUE);
    assertThat(held).hasSize(ArrivalStats.MAX_LOST_RANGES);
    // the newest are kept: the oldest held is MAX_LOST_RANGES gaps from the end
    long oldest = 2L * (gaps - ArrivalStats.MAX_LOST_RANGES) + 1;
    assertThat(held.get(0)).containsExactly(oldest, oldest);
    assertThat(held.get(held.size() - 1)).containsExactly(2L * gaps - 1, 2L * gaps - 1);
  }

  @Test
  void aLateDatagramOfAHeldGapStillCountsAsReorderedWhenTheTableIsFull() {
    int gaps = ArrivalStats.MAX_LOST_RANGES + 10;
    ArrivalStats s = everyOther(gaps);
    long newest = 2L * gaps - 1;
    s.onData(newest, newest * MS, 3 * newest * MS, 100);
    assertThat(s.reordered()).isEqualTo(1);
    assertThat(s.lost()).isEqualTo(gaps - 1);
    assertThat(s.untracked()).isZero();
  }

  @Test
  void splittingAGapInAFullTableForgetsTheOldest() {
    int max = ArrivalStats.MAX_LOST_RANGES;
    // max - 1 one-number gaps [1, 1], [3, 3], ..., then one wide gap: max in all
    ArrivalStats s = everyOther(max - 1);
    long top = 2L * (max - 1);
    s.onData(top + 12, 0, 0, 1); // gap [top + 1, top + 11]
    assertThat(s.lostRanges(Integer.MAX_VALUE)).hasSize(max);
    s.onData(top + 6, 0, 0, 1); // splits it: one range too many
    List<long[]> held = s.lostRanges(Integer.MAX_VALUE);
    assertThat(held).hasSize(max);
    assertThat(held.get(0)).containsExactly(3, 3);
    assertThat(held.get(max - 1)).containsExactly(top + 7, top + 11);
    assertThat(s.lostRangeCount()).isEqualTo(max + 1);
    assertThat(s.lost()).isEqualTo(max - 1 + 10);
  }

  @Test
  void aDatagramOfAForgottenGapIsCountedAsUntrackedAndLossStaysAnUpperBound() {
    int gaps = ArrivalStats.MAX_LOST_RANGES + 10;
    ArrivalStats s = everyOther(gaps);
    s.onData(1, MS, 99 * MS, 100); // gap [1, 1] was forgotten: late or a duplicate?
    assertThat(s.untracked()).isEqualTo(1);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.reordered()).isZero();
    assertThat(s.lost()).isEqualTo(gaps);
    assertThat(s.received() + s.lost()).isEqualTo(2L * gaps + 1);
    // just above the forgotten gaps everything is known: 20 arrived, so this is a duplicate
    s.onData(20, 20 * MS, 99 * MS, 100);
    assertThat(s.untracked()).isEqualTo(1);
    assertThat(s.duplicates()).isEqualTo(2);
    // the newest forgotten gap is as unknowable as the oldest
    s.onData(19, 19 * MS, 99 * MS, 100);
    assertThat(s.untracked()).isEqualTo(2);
    assertThat(s.duplicates()).isEqualTo(3);
  }

  @Test
  void jitterFollowsRfc3550() {
    ArrivalStats s = new ArrivalStats(MS);
    // transit times 5, 7, 5 ms: |D| = 2, 2 -> J = 2/16, then J += (2 - J)/16
    long[] transit = {5, 7, 5};
    for (int i = 0; i < transit.length; i++) {
      s.onData(i, i * 10 * MS, i * 10 * MS + transit[i] * MS, 100);
    }
    double j1 = 2.0 / 16;
    double j2 = j1 + (2 - j1) / 16;
    assertThat(s.jitterMillis()).isCloseTo(j2, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void reportRoundTripsThroughJson() throws Exception {
    ArrivalStats s = feed(MS, 0, 3, 1);
    s.onEnd(5);
    ProbeReport r = ProbeReport.of(s);
    ProbeReport back = ProbeReport.parse(r.toJsonText());
    assertThat(back.lost()).isEqualTo(2);
    assertThat(back.lostRanges()).containsExactly(new long[] {2, 2}, new long[] {4, 4});
    assertThat(back.rangesText()).isEqualTo("2, 4");
    assertThat(List.of(back.sent(), back.received(), back.reordered())).containsExactly(5L, 3L, 1L);
  }
}
