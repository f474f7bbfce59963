package dev.netlab.common.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapReaderTest {
  @Test
  void rejectsPcapngWithTheConversionCommand() {
    byte[] ng = {
      0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x1a, 0x2b, 0x3c, 0x4d, 0, 1, 0, 0, -1, -1, -1, -1, -1,
      -1, -1, -1
    };
    assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(ng)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("editcap -F pcap");
  }

  @Test
  void rejectsUnknownMagicSayingWhatCame() {
    byte[] junk = new byte[24];
    junk[0] = 0x12;
    assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(junk)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessage("not a pcap stream: expected magic a1b2c3d4; got 12000000");
  }

  @Test
  void rejectsTruncatedGlobalHeader() {
    assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(new byte[10])))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("truncated pcap global header");
  }

  @Test
  void rejectsUnsupportedLinkType() {
    byte[] s = PcapBytes.stream(147, ByteOrder.BIG_ENDIAN, false, List.of());
    assertThatThrownBy(() -> new PcapReader(new ByteArrayInputStream(s)))
        .isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("unsupported link type 147");
  }

  @Test
  void rejectsRecordCutShort() throws IOException {
    byte[] s = PcapBytes.stream(1, ByteOrder.LITTLE_ENDIAN, false, List.of(new byte[60]));
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(Arrays.copyOf(s, s.length - 5)))) {
      assertThatThrownBy(r::next)
          .isInstanceOf(PcapFormatException.class)
          .hasMessage("truncated pcap record: expected 60 bytes of packet data");
    }
  }

  @Test
  void rejectsImpossibleRecordLength() throws IOException {
    byte[] s = PcapBytes.stream(1, ByteOrder.BIG_ENDIAN, false, List.of(new byte[4]));
    s[24 + 8] = 0x7f; // captured length 0x7f000004
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(s))) {
      assertThatThrownBy(r::next)
          .isInstanceOf(PcapFormatException.class)
          .hasMessageContaining("invalid pcap record length");
    }
  }

  @Test
  void endsCleanlyAfterTheLastRecord() throws IOException {
    byte[] s = PcapBytes.stream(101, ByteOrder.BIG_ENDIAN, false, List.of(new byte[3]));
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(s))) {
      assertThat(r.next().data()).hasSize(3);
      assertThat(r.next()).isNull();
    }
  }
}
