package dev.netlab.udp.rudp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 6298, number by number. */
class RttEstimatorTest {
  private static final long MS = 1_000_000;

  @Test
  void beforeAnySampleTheRtoIsOneSecond() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(200));
    assertThat(rtt.rtoNanos()).isEqualTo(1000 * MS);
    assertThat(rtt.srttNanos()).isEqualTo(-1);
    assertThat(rtt.srttMillis()).isZero();
    assertThat(rtt.minRttNanos()).isEqualTo(-1);
    assertThat(rtt.minRttMillis()).isZero();
    assertThat(rtt.samples()).isZero();
  }

  @Test
  void theFirstSampleSetsSrttAndHalfOfItAsRttvar() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10));
    rtt.sample(100 * MS);
    assertThat(rtt.srttNanos()).isEqualTo(100 * MS);
    assertThat(rtt.rttvarMillis()).isEqualTo(50.0);
    assertThat(rtt.rtoNanos()).isEqualTo(300 * MS); // 100 + 4 x 50
  }

  @Test
  void laterSamplesAreSmoothedWithAlphaOneEighthAndBetaOneQuarter() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10));
    rtt.sample(100 * MS);
    rtt.sample(200 * MS);
    // rttvar = 3/4 x 50 + 1/4 x |100 - 200| = 62.5; srtt = 7/8 x 100 + 1/8 x 200 = 112.5
    assertThat(rtt.rttvarMillis()).isEqualTo(62.5);
    assertThat(rtt.srttMillis()).isEqualTo(112.5);
    assertThat(rtt.rtoNanos()).isEqualTo(362_500_000L);
    rtt.sample(50 * MS);
    // rttvar uses the old srtt (RFC 6298 2.3): 3/4 x 62.5 + 1/4 x |112.5 - 50| = 62.5
    // srtt = 7/8 x 112.5 + 1/8 x 50 = 104.6875
    assertThat(rtt.rttvarMillis()).isEqualTo(62.5);
    assertThat(rtt.srttMillis()).isEqualTo(104.6875);
    assertThat(rtt.srttNanos()).isEqualTo(104_687_500L);
    assertThat(rtt.rtoNanos()).isEqualTo(354_687_500L);
    assertThat(rtt.minRttNanos()).isEqualTo(50 * MS);
    assertThat(rtt.minRttMillis()).isEqualTo(50.0);
    assertThat(rtt.samples()).isEqualTo(3);
  }

  @Test
  void theVarianceTermIsAtLeastTheClockGranularity() {
    RttEstimator rtt = new RttEstimator(Duration.ZERO);
    rtt.sample(100_000); // 0.1 ms: 4 x rttvar is 0.2 ms, below G = 1 ms
    assertThat(rtt.rtoNanos()).isEqualTo(1_100_000L);
  }

  @Test
  void theRtoNeverFallsBelowTheFloor() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(200));
    rtt.sample(MS);
    assertThat(rtt.rtoNanos()).isEqualTo(200 * MS);
  }

  @Test
  void eachTimeoutDoublesTheRtoUpToSixtySeconds() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(200));
    long[] expected = {2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
    for (long e : expected) {
      rtt.backoff();
      assertThat(rtt.rtoNanos()).isEqualTo(e * MS);
    }
  }

  @Test
  void backoffFromAMeasuredRtoDoublesItEveryTime() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10));
    rtt.sample(20 * MS); // rto 60 ms
    for (int i = 0; i < 6; i++) {
      rtt.backoff();
    }
    assertThat(rtt.rtoNanos()).isEqualTo(64 * 60 * MS);
  }

  @Test
  void progressOrANewSampleEndsTheBackoff() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10));
    rtt.sample(20 * MS);
    rtt.backoff();
    rtt.backoff();
    assertThat(rtt.rtoNanos()).isEqualTo(240 * MS);
    rtt.progress();
    assertThat(rtt.rtoNanos()).isEqualTo(60 * MS);
    rtt.backoff();
    rtt.sample(20 * MS); // srtt 20, rttvar 7.5: 50 ms
    assertThat(rtt.rtoNanos()).isEqualTo(50 * MS);
  }

  @Test
  void progressBeforeAnySampleGoesBackToOneSecond() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(200));
    rtt.backoff();
    rtt.progress();
    assertThat(rtt.rtoNanos()).isEqualTo(1000 * MS);
  }

  @Test
  void backoffNeverPassesTheCap() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10), Duration.ofMillis(200));
    rtt.sample(40 * MS); // 120 ms
    rtt.backoff();
    assertThat(rtt.rtoNanos()).isEqualTo(200 * MS);
    rtt.backoff();
    assertThat(rtt.rtoNanos()).isEqualTo(200 * MS);
  }

  @Test
  void aFloorAboveOneSecondIsTheInitialRto() {
    RttEstimator rtt = new RttEstimator(Duration.ofSeconds(3));
    assertThat(rtt.rtoNanos()).isEqualTo(3000 * MS);
  }

  @Test
  void aLargeSampleIsCappedAtSixtySeconds() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(200));
    rtt.sample(50_000 * MS); // 50 s + 4 x 25 s
    assertThat(rtt.rtoNanos()).isEqualTo(60_000 * MS);
  }

  @Test
  void boundsMustBeInOrder() {
    assertThatThrownBy(() -> new RttEstimator(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min <= max");
    assertThatThrownBy(() -> new RttEstimator(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    RttEstimator same = new RttEstimator(Duration.ofSeconds(1), Duration.ofSeconds(1));
    same.backoff();
    assertThat(same.rtoNanos()).isEqualTo(1000 * MS);
  }

  @Test
  void aZeroSampleIsASampleLikeAnyOther() {
    RttEstimator rtt = new RttEstimator(Duration.ZERO);
    rtt.sample(0);
    assertThat(rtt.srttNanos()).isZero();
    assertThat(rtt.rtoNanos()).isEqualTo(MS); // 0 + max(G, 0)
    rtt.sample(80 * MS); // smoothed, not taken as a first sample: srtt 10, rttvar 20
    assertThat(rtt.srttNanos()).isEqualTo(10 * MS);
    assertThat(rtt.rttvarMillis()).isEqualTo(20.0);
    assertThat(rtt.rtoNanos()).isEqualTo(90 * MS);
  }

  @Test
  void backoffToExactlyHalfTheCapDoublesIt() {
    RttEstimator rtt = new RttEstimator(Duration.ZERO, Duration.ofNanos(2 * MS + 1));
    rtt.sample(0); // rto 1 ms: half the cap, rounded down
    rtt.backoff();
    assertThat(rtt.rtoNanos()).isEqualTo(2 * MS);
    rtt.backoff();
    assertThat(rtt.rtoNanos()).isEqualTo(2 * MS + 1);
  }

  @Test
  void backoffUnderAHugeCapNeverOverflows() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(200), Duration.ofNanos(Long.MAX_VALUE));
    rtt.backoff();
    assertThat(rtt.rtoNanos()).isEqualTo(2000 * MS);
    for (int i = 0; i < 70; i++) {
      rtt.backoff();
    }
    assertThat(rtt.rtoNanos()).isEqualTo(Long.MAX_VALUE);
  }
}
