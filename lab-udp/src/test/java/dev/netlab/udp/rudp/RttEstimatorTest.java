package dev.netlab.udp.rudp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RttEstimatorTest {
  private static final long MS = 1_000_000;

  @Test
  void rtoIsSrttPlusFourRttvarAboveTheFloor() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10), Duration.ofSeconds(10));
    rtt.sample(20 * MS); // srtt 20, rttvar 10
    assertThat(rtt.rtoNanos()).isEqualTo(60 * MS);
  }

  @Test
  void backoffDoublesAtMostThreeTimes() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10), Duration.ofSeconds(10));
    rtt.sample(20 * MS);
    for (int i = 0; i < 6; i++) {
      rtt.backoff();
    }
    assertThat(rtt.rtoNanos()).isEqualTo(8 * 60 * MS);
    rtt.progress();
    assertThat(rtt.rtoNanos()).isEqualTo(60 * MS);
  }

  @Test
  void backoffNeverPassesTheCap() {
    RttEstimator rtt = new RttEstimator(Duration.ofMillis(10), Duration.ofMillis(200));
    rtt.sample(40 * MS);
    rtt.backoff();
    rtt.backoff();
    assertThat(rtt.rtoNanos()).isEqualTo(200 * MS);
  }
}
