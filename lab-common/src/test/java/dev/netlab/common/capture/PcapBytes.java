package dev.netlab.common.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds and reads pcap streams for tests. */
final class PcapBytes {
  private PcapBytes() {}

  /** A pcap stream with the given link type and frames, in the given byte order. */
  static byte[] stream(int linkType, ByteOrder order, boolean nanos, List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS);
    h.putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
    out.writeBytes(h.array());
    int i = 0;
    for (byte[] f : frames) {
      ByteBuffer r = ByteBuffer.allocate(16).order(order);
      r.putInt(1_700_000_000 + i++).putInt(500).putInt(f.length).putInt(f.length);
      out.writeBytes(r.array());
      out.writeBytes(f);
    }
    return out.toByteArray();
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
