package dev.netlab.common.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.cli.LabException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ImpairmentModelTest {
  private static final Impairment EVERYTHING =
      Impairment.NONE
          .withLoss(10, 3)
          .withDelay(Duration.ofMillis(5), Duration.ofMillis(2))
          .withReorder(5, 3)
          .withDuplicate(5)
          .withCorrupt(5);

  private static List<Fate> fates(Impairment imp, long seed, int n) {
    ImpairmentModel m = new ImpairmentModel(imp, seed);
    List<Fate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(m.next(100 + i % 50));
    }
    return out;
  }

  @Property(tries = 50)
  void sameSeedSameFatePerDatagram(@ForAll long seed) {
    assertThat(fates(EVERYTHING, seed, 500)).isEqualTo(fates(EVERYTHING, seed, 500));
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    assertThat(fates(EVERYTHING, 1, 500)).isNotEqualTo(fates(EVERYTHING, 2, 500));
  }

  @Property(tries = 10)
  void independentLossHitsTheAskedRate(@ForAll @IntRange(min = 1, max = 50) int percent) {
    long dropped =
        fates(Impairment.NONE.withLoss(percent, 1), percent, 100_000).stream()
            .filter(Fate::dropped)
            .count();
    assertThat(dropped / 1000.0).isCloseTo(percent, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void burstyLossKeepsTheRateButComesInBursts() {
    List<Fate> f = fates(Impairment.NONE.withLoss(10, 5), 7, 200_000);
    long dropped = f.stream().filter(Fate::dropped).count();
    long bursts = 0;
    for (int i = 0; i < f.size(); i++) {
      if (f.get(i).dropped() && (i == 0 || !f.get(i - 1).dropped())) {
        bursts++;
      }
    }
    assertThat(dropped / 2000.0).isCloseTo(10, org.assertj.core.data.Offset.offset(1.0));
    assertThat((double) dropped / bursts).isCloseTo(5, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void jitterStaysWithinItsBounds() {
    for (Fate f : fates(EVERYTHING, 3, 10_000)) {
      assertThat(f.delayNanos()).isBetween(3_000_000L, 7_000_000L);
      if (f.corruptBit() >= 0) {
        assertThat(f.corruptBit()).isLessThan(150 * 8);
      }
    }
  }

  @Test
  void rejectsPercentagesOutOfRange() {
    assertThatThrownBy(() -> Impairment.NONE.withLoss(120, 1))
        .isInstanceOf(LabException.class)
        .hasMessage("--loss is a percentage, 0-100; got 120.0");
    assertThatThrownBy(() -> Impairment.NONE.withLoss(5, 0.5)).hasMessageContaining("--burst");
  }
}
