package dev.netlab.common.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TcpRetransmissionsTest {
  static TcpSegment data(long seq, int length) {
    return new TcpSegment(
        40000, 10009, seq, 1, TcpSegment.ACK, 100, 0, 20, length, -1, -1, false, false, List.of());
  }

  @Test
  void bytesSentAgainAreARetransmission() {
    List<TcpSegment> s = List.of(data(1, 100), data(101, 100), data(101, 100), data(201, 100));
    assertThat(TcpRetransmissions.find(s)).containsExactly(2);
  }

  @Test
  void aSegmentTheCaptureDroppedIsNotARetransmission() {
    // 101-200 never reached the capture (the tool dropped it): a gap, not a retransmission
    List<TcpSegment> s = List.of(data(1, 100), data(201, 100), data(301, 100));
    assertThat(TcpRetransmissions.find(s)).isEmpty();
  }

  @Test
  void sequenceNumbersWrap() {
    long nearTop = 0xffff_ffffL - 49;
    List<TcpSegment> s = List.of(data(nearTop, 100), data(50, 100), data(nearTop, 100));
    assertThat(TcpRetransmissions.find(s)).containsExactly(2);
  }
}
