package dev.netlab.common.capture;

import dev.netlab.common.testing.CaptureBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds and reads pcap streams for tests. */
final class PcapBytes {
  private PcapBytes() {}

  /** A pcap stream with the given link type and frames, in the given byte order. */
  static byte[] stream(int linkType, ByteOrder order, boolean nanos, List<byte[]> frames) {
    return CaptureBytes.pcap(linkType, order, nanos, frames);
  }

  /** Every packet of a recorded test capture, with its link type. */
  static Recorded read(String resource) throws IOException {
    try (InputStream in = PcapBytes.class.getResourceAsStream("/pcap/" + resource);
        PcapReader reader = new PcapReader(in)) {
      List<PcapRecord> records = new ArrayList<>();
      PcapRecord r;
      while ((r = reader.next()) != null) {
        records.add(r);
      }
      return new Recorded(reader.linkType(), records);
    }
  }

  record Recorded(LinkType linkType, List<PcapRecord> records) {
    List<Packet> decode() throws PcapFormatException {
      List<Packet> packets = new ArrayList<>();
      for (PcapRecord r : records) {
        packets.add(PacketDecoder.decode(linkType, r));
      }
      return packets;
    }
  }
}
