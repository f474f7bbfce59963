package dev.netlab.ports.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PacerTest {
  private static final long MS = 1_000_000;

  @Test
  void spacesProbesOneIntervalApartWithoutCatchUpBursts() {
    Pacer p = new Pacer(1000, 0); // 1 ms apart
    assertThat(p.tryTake(0)).isTrue();
    assertThat(p.tryTake(0)).isFalse();
    assertThat(p.waitNanos(0)).isEqualTo(MS);
    assertThat(p.tryTake(MS)).isTrue();
    // a caller 100 ms late gets one interval's credit (two probes), not a burst of 100
    assertThat(p.tryTake(101 * MS)).isTrue();
    assertThat(p.tryTake(101 * MS)).isTrue();
    assertThat(p.tryTake(101 * MS)).isFalse();
  }

  @Test
  void rateZeroHoldsNothingBack() {
    Pacer p = new Pacer(0, 0);
    for (int i = 0; i < 1000; i++) {
      assertThat(p.tryTake(0)).isTrue();
    }
    assertThat(p.waitNanos(0)).isZero();
  }
}
