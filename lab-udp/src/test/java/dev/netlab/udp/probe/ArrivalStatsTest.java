package dev.netlab.udp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
