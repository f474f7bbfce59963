package dev.netlab.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BufferBudgetTest {
  @Test
  void reservationsStopAtTheLimitAndAreCountedWhenRefused() {
    BufferBudget b = new BufferBudget(100);
    assertThat(b.reserve(60)).isTrue();
    assertThat(b.reserve(40)).isTrue();
    assertThat(b.available()).isZero();
    assertThat(b.reserve(1)).isFalse();
    assertThat(b.refused()).isEqualTo(1);
    b.release(30);
    assertThat(b.used()).isEqualTo(70);
    assertThat(b.reserve(30)).isTrue();
    assertThat(b.peak()).isEqualTo(100);
  }

  @Test
  void releasingMoreThanIsUsedIsABug() {
    BufferBudget b = new BufferBudget(10);
    b.reserve(5);
    assertThatThrownBy(() -> b.release(6)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.reserve(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
