package dev.netlab.tcp.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransferReportTest {
  @Test
  void roundTripsThroughItsLine() {
    TransferReport r = new TransferReport(123, "ab".repeat(32), 0.5);
    assertThat(TransferReport.parse(r.format())).isEqualTo(r);
    TransferReport unhashed = new TransferReport(7, null, 0);
    assertThat(TransferReport.parse(unhashed.format())).isEqualTo(unhashed);
  }

  @Test
  void rejectsLinesFromSomethingElse() {
    assertThatThrownBy(() -> TransferReport.parse("HTTP/1.1 400 Bad Request"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 'HTTP/1.1 400 Bad Request'");
    assertThatThrownBy(() -> TransferReport.parse("netlab-sink bytes=many sha256=-"))
        .hasMessageContaining("malformed sink report");
  }
}
