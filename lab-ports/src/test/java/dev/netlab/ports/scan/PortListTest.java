package dev.netlab.ports.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.base.LabException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PortListTest {
  @Test
  void listsAndRangesAreMergedInOrderEachPortOnce() {
    assertThat(PortList.parse("1-1024,10007")).hasSize(1025).startsWith(1, 2).endsWith(1024, 10007);
    assertThat(PortList.parse("80,22,80,20-23")).containsExactly(20, 21, 22, 23, 80);
    assertThat(PortList.parse(" 7 ")).containsExactly(7);
  }

  @Test
  void openEndedRangesAndADashMeanEveryPortButNeverMoreThanTheSpace() {
    assertThat(PortList.parse("-")).hasSize(65_535).startsWith(1).endsWith(65_535);
    assertThat(PortList.parse("65530-")).containsExactly(65530, 65531, 65532, 65533, 65534, 65535);
    assertThat(PortList.parse("-3")).containsExactly(1, 2, 3);
    assertThat(PortList.parse("1-65535,1-65535,7"))
        .hasSizeLessThanOrEqualTo(PortList.MAX_PORTS_PER_RUN);
  }

  @Test
  void badListsAreUsageErrorsThatSayWhatToWrite() {
    for (String bad : new String[] {"0", "65536", "10-5", "a", "1,,2", "1-2-3"}) {
      assertThatThrownBy(() -> PortList.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(LabException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
    }
    assertThatThrownBy(() -> PortList.parse("10-5")).hasMessageContaining("low port first");
  }
}
