package dev.netlab.tcp.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.PacketDecoder;
import dev.netlab.common.capture.PcapReader;
import dev.netlab.common.capture.PcapRecord;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace of a handshake recorded with tcpdump on loopback (in lab-common's test fixtures). */
class ConnectionTraceTest {
  @Test
  void relativeNumbersStartAtZeroAndAcksAreIsnPlusOne() throws Exception {
    List<Packet> packets = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/pcap/lo-en10mb-ipv4.pcap");
        PcapReader r = new PcapReader(in)) {
      PcapRecord rec;
      while ((rec = r.next()) != null) {
        packets.add(PacketDecoder.decode(r.linkType(), rec));
      }
    }
    Packet syn = packets.get(0);
    ConnectionTrace t = ConnectionTrace.of(packets, syn.source(), syn.destination());
    assertThat(t.rows()).hasSize(4);
    assertThat(t.handshakeComplete()).isTrue();
    assertThat(t.clientIsn()).isEqualTo(syn.tcp().seq());
    assertThat(t.rows())
        .extracting(r -> r.tcp().flagString())
        .containsExactly("S", "S.", ".", "P.");
    assertThat(t.rows()).extracting(ConnectionTrace.Row::relSeq).containsExactly(0L, 0L, 1L, 1L);
    assertThat(t.rows().get(1).relAck()).isEqualTo(1);
    assertThat(t.rows().get(3).window()).isEqualTo(64L << 10); // raw 64, window scale 10
    assertThat(t.activeCloser()).isNull();
    // SYN at 0, SYN+ACK at 15 us in the capture: the round trip TCP-1 reports
    assertThat(t.handshakeRttMillis()).isCloseTo(0.015, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(
            ConnectionTrace.of(packets.subList(0, 1), syn.source(), syn.destination())
                .handshakeRttMillis())
        .isEqualTo(-1);
  }
}
