package dev.netlab.common.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a capture file of either format, pcap or pcapng, told apart by their first four bytes,
 * frame by frame with each frame's link type (in pcapng each interface has its own).
 */
public final class CaptureFileReader implements AutoCloseable {
  private final PcapReader pcap;
  private final PcapngReader pcapng;

  public CaptureFileReader(InputStream input) throws IOException {
    BufferedInputStream in = new BufferedInputStream(input);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    boolean ng =
        magic.length == 4
            && magic[0] == 0x0a
            && magic[1] == 0x0d
            && magic[2] == 0x0d
            && magic[3] == 0x0a;
    pcap = ng ? null : new PcapReader(in);
    pcapng = ng ? new PcapngReader(in) : null;
  }

  /** "pcap" or "pcapng". */
  public String format() {
    return pcap != null ? "pcap" : "pcapng";
  }

  /** The next frame, or {@code null} at a clean end of stream. */
  public PcapngReader.Frame next() throws IOException {
    if (pcapng != null) {
      return pcapng.next();
    }
    PcapRecord r = pcap.next();
    return r == null ? null : new PcapngReader.Frame(pcap.linkType(), 0, r);
  }

  @Override
  public void close() throws IOException {
    if (pcap != null) {
      pcap.close();
    } else {
      pcapng.close();
    }
  }
}
