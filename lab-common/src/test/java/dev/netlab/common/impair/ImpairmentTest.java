package dev.netlab.common.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class ImpairmentTest {
  private static final Duration MS_20 = Duration.ofMillis(20);
  private static final Duration MS_5 = Duration.ofMillis(5);

  @Test
  void describesEveryImpairmentInOneLine() {
    Impairment all =
        Impairment.NONE
            .withLoss(5, 3)
            .withDelay(MS_20, MS_5)
            .withReorder(2, 4)
            .withDuplicate(1.5)
            .withCorrupt(0.1)
            .withRate(1_000_000, 50);
    assertThat(all.describe())
        .isEqualTo(
            "loss 5% (bursts of 3 on average), delay 20 ms ±5 ms, reorder 2% (overtaken by 4),"
                + " duplicate 1.5%, corrupt 0.1%, rate 1000000 bit/s, queue 50");
    assertThat(Impairment.NONE.describe()).isEqualTo("nothing");
  }

  @Test
  void describesEachPartOnlyWhenItIsOn() {
    assertThat(Impairment.NONE.withLoss(5, 1).describe()).isEqualTo("loss 5%");
    assertThat(Impairment.NONE.withLoss(2.5, 1.5).describe())
        .isEqualTo("loss 2.5% (bursts of 1.5 on average)");
    assertThat(Impairment.NONE.withDelay(MS_20, Duration.ZERO).describe()).isEqualTo("delay 20 ms");
    assertThat(Impairment.NONE.withDelay(Duration.ZERO, MS_5).describe())
        .isEqualTo("delay 0 ms ±5 ms");
    assertThat(Impairment.NONE.withReorder(1, 3).describe())
        .isEqualTo("reorder 1% (overtaken by 3)");
    assertThat(Impairment.NONE.withDuplicate(100).describe()).isEqualTo("duplicate 100%");
    assertThat(Impairment.NONE.withCorrupt(3).describe()).isEqualTo("corrupt 3%");
    assertThat(Impairment.NONE.withRate(8, 1).describe()).isEqualTo("rate 8 bit/s, queue 1");
  }

  @Test
  void eachWitherChangesOnlyItsOwnFields() {
    Impairment n = Impairment.NONE;
    assertThat(n)
        .isEqualTo(new Impairment(0, 1, Duration.ZERO, Duration.ZERO, 0, 3, 0, 0, 0, 1000));
    assertThat(n.withLoss(7, 2))
        .isEqualTo(new Impairment(7, 2, Duration.ZERO, Duration.ZERO, 0, 3, 0, 0, 0, 1000));
    assertThat(n.withDelay(MS_20, MS_5))
        .isEqualTo(new Impairment(0, 1, MS_20, MS_5, 0, 3, 0, 0, 0, 1000));
    assertThat(n.withReorder(4, 9))
        .isEqualTo(new Impairment(0, 1, Duration.ZERO, Duration.ZERO, 4, 9, 0, 0, 0, 1000));
    assertThat(n.withDuplicate(6))
        .isEqualTo(new Impairment(0, 1, Duration.ZERO, Duration.ZERO, 0, 3, 6, 0, 0, 1000));
    assertThat(n.withCorrupt(8))
        .isEqualTo(new Impairment(0, 1, Duration.ZERO, Duration.ZERO, 0, 3, 0, 8, 0, 1000));
    assertThat(n.withRate(64_000, 20))
        .isEqualTo(new Impairment(0, 1, Duration.ZERO, Duration.ZERO, 0, 3, 0, 0, 64_000, 20));
  }

  @Test
  void acceptsTheEdgesOfEveryRange() {
    Impairment edges =
        Impairment.NONE
            .withLoss(100, 1)
            .withReorder(100, 1)
            .withDuplicate(100)
            .withCorrupt(100)
            .withRate(0, 1);
    assertThat(edges.lossPercent()).isEqualTo(100);
    assertThat(edges.reorderDistance()).isEqualTo(1);
    assertThat(edges.queueLimit()).isEqualTo(1);
    assertThat(Impairment.NONE.withLoss(0, 1).burstLength()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "loss, -1.0",
    "loss, 100.5",
    "reorder, -0.5",
    "reorder, 101.0",
    "duplicate, -2.0",
    "duplicate, 200.0",
    "corrupt, -3.0",
    "corrupt, NaN"
  })
  void rejectsPercentagesOutsideZeroToHundredNamingTheOption(String option, double value) {
    assertThatThrownBy(() -> withPercent(option, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(option + " is a percentage, 0-100; got " + value);
  }

  private static Impairment withPercent(String option, double value) {
    return switch (option) {
      case "loss" -> Impairment.NONE.withLoss(value, 1);
      case "reorder" -> Impairment.NONE.withReorder(value, 3);
      case "duplicate" -> Impairment.NONE.withDuplicate(value);
      default -> Impairment.NONE.withCorrupt(value);
    };
  }

  @Test
  void rejectsTheOtherArgumentsOutOfRangeSayingWhy() {
    assertThatThrownBy(() -> Impairment.NONE.withLoss(5, 0.99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst is a mean burst length, at least 1; got 0.99");
    assertThatThrownBy(() -> Impairment.NONE.withDelay(Duration.ofMillis(-1), Duration.ZERO))
        .hasMessage("delay and jitter cannot be negative");
    assertThatThrownBy(() -> Impairment.NONE.withDelay(Duration.ZERO, Duration.ofMillis(-1)))
        .hasMessage("delay and jitter cannot be negative");
    assertThatThrownBy(() -> Impairment.NONE.withReorder(5, 0))
        .hasMessage("reorder distance must be at least 1; got 0");
    assertThatThrownBy(() -> Impairment.NONE.withRate(-1, 10))
        .hasMessage("rate must be positive and queue at least 1");
    assertThatThrownBy(() -> Impairment.NONE.withRate(1000, 0))
        .hasMessage("rate must be positive and queue at least 1");
  }
}
