package dev.netlab.common.testing;

import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.PacketDecoder;
import dev.netlab.common.capture.PcapReader;
import dev.netlab.common.capture.PcapRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a pcap file a test had written, packet by packet. */
public final class PcapFiles {
  private PcapFiles() {}

  /** Every packet of {@code file}, decoded. */
  public static List<Packet> packets(Path file) throws IOException {
    List<Packet> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        PcapReader pcap = new PcapReader(in)) {
      PcapRecord r;
      while ((r = pcap.next()) != null) {
        out.add(PacketDecoder.decode(pcap.linkType(), r));
      }
    }
    return out;
  }
}
