package dev.netlab.common.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class StudentTokenTest {
  @Test
  void aTokenIsStableLowercaseHexAndDiffersBetweenStudents() {
    String t = StudentToken.of("s1234");
    assertThat(t).matches("[0-9a-f]{16}").isEqualTo(StudentToken.of(" s1234 "));
    assertThat(StudentToken.of("s1235")).isNotEqualTo(t);
  }

  @Test
  void theTcpLineAndTheDnsNameCarryTheToken() {
    String t = StudentToken.of("s1234");
    assertThat(StudentToken.tcpLine("s1234")).isEqualTo("netlab-student " + t + "\n");
    assertThat(StudentToken.dnsName("s1234")).isEqualTo(t + ".student.lab.test.");
  }

  @Test
  void aBlankIdIsAUsageError() {
    assertThatThrownBy(() -> StudentToken.of(" "))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("--student needs an id");
  }
}
