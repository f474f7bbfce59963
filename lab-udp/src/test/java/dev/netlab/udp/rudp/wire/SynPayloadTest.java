package dev.netlab.udp.rudp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SynPayloadTest {
  private static byte[] raw(long bytes, int size, int datagrams) {
    return ByteBuffer.allocate(SynPayload.LENGTH)
        .putLong(bytes)
        .putShort((short) size)
        .putInt(datagrams)
        .array();
  }

  @Test
  void encodesAndDecodesTheThreeFigures() throws Exception {
    SynPayload p = SynPayload.of(2401, 1200);
    assertThat(p.datagrams()).isEqualTo(3);
    assertThat(p.encode()).isEqualTo(raw(2401, 1200, 3));
    assertThat(SynPayload.decode(p.encode())).isEqualTo(p);
    assertThat(SynPayload.of(2400, 1200).datagrams()).isEqualTo(2);
    assertThat(SynPayload.of(0, 1200).datagrams()).isZero();
    SynPayload big = SynPayload.of(65_479L * 3, 65_479);
    assertThat(SynPayload.decode(big.encode())).isEqualTo(big);
  }

  @Test
  void theEdgesOfWhatASynMayAnnounceDecode() throws Exception {
    assertThat(SynPayload.decode(raw(0, 1200, 0))).isEqualTo(new SynPayload(0, 1200, 0));
    assertThat(SynPayload.decode(raw(5, 1, 5))).isEqualTo(new SynPayload(5, 1, 5));
    assertThat(SynPayload.decode(raw(Integer.MAX_VALUE, 1, Integer.MAX_VALUE)).datagrams())
        .isEqualTo(SynPayload.MAX_DATAGRAMS);
  }

  @Test
  void synsWhoseFiguresDisagreeAreMalformed() {
    assertThatThrownBy(() -> SynPayload.decode(raw(-1, 1200, 0)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> SynPayload.decode(raw(1200, 0, 1)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessageContaining("0-byte");
    assertThatThrownBy(() -> SynPayload.decode(raw(1200, 65_480, 1)))
        .isInstanceOf(RudpFormatException.class);
    assertThatThrownBy(() -> SynPayload.decode(raw(2401, 1200, 2)))
        .isInstanceOf(RudpFormatException.class)
        .hasMessageContaining("2 datagrams for 2401 bytes");
    assertThatThrownBy(() -> SynPayload.decode(raw(2401, 1200, -1)))
        .isInstanceOf(RudpFormatException.class);
    assertThatThrownBy(() -> SynPayload.decode(new byte[13]))
        .isInstanceOf(RudpFormatException.class)
        .hasMessageContaining("got 13");
  }

  @Test
  void transfersThatWouldWrapTheSequenceNumberAreRefusedUpFront() {
    assertThat(SynPayload.of(SynPayload.MAX_DATAGRAMS, 1).datagrams()).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> SynPayload.of(SynPayload.MAX_DATAGRAMS + 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not wrap");
    assertThatThrownBy(() -> SynPayload.of(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SynPayload.of(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
