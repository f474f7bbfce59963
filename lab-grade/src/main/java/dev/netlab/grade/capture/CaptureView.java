package dev.netlab.grade.capture;

import dev.netlab.common.capture.CaptureFileReader;
import dev.netlab.common.capture.Packet;
import dev.netlab.common.capture.PacketDecoder;
import dev.netlab.common.capture.PcapFormatException;
import dev.netlab.common.capture.PcapngReader;
import dev.netlab.common.capture.TcpRetransmissions;
import dev.netlab.common.capture.TcpSegment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Message;

/**
 * A student's capture as the grader sees it: every frame, decoded by netlab's decoder, DNS payloads
 * by dnsjava, TCP retransmissions marked. A frame that does not decode stays in the list (frame
 * numbers must match Wireshark's) with the reason.
 */
public final class CaptureView {
  /** Largest capture the grader reads: far more than any exercise needs. */
  public static final int MAX_FRAMES = 200_000;

  /** Ports whose UDP and TCP payloads are read as DNS: 53 and the DNS lab's 10053. */
  public static final Set<Integer> DNS_PORTS = Set.of(53, 10_053);

  private final String format;
  private final List<CapturedFrame> frames;

  private CaptureView(String format, List<CapturedFrame> frames) {
    this.format = format;
    this.frames = List.copyOf(frames);
  }

  /**
   * Reads {@code file}, pcap or pcapng.
   *
   * @param dnsPorts more ports whose payloads are DNS (an exercise's own port)
   * @throws PcapFormatException when the file is not a capture or is cut short, saying at which
   *     frame
   */
  public static CaptureView read(Path file, Set<Integer> dnsPorts) throws IOException {
    Set<Integer> dns = new LinkedHashSet<>(DNS_PORTS);
    dns.addAll(dnsPorts);
    List<CapturedFrame> frames = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        CaptureFileReader reader = new CaptureFileReader(in)) {
      PcapngReader.Frame f;
      while (true) {
        try {
          f = reader.next();
        } catch (PcapFormatException e) {
          throw new PcapFormatException("after frame " + frames.size() + ": " + e.getMessage());
        }
        if (f == null || frames.size() >= MAX_FRAMES) {
          break;
        }
        frames.add(decode(frames.size() + 1, f, dns));
      }
      return new CaptureView(reader.format(), markRetransmissions(frames));
    }
  }

  private static CapturedFrame decode(int number, PcapngReader.Frame f, Set<Integer> dnsPorts) {
    Packet p;
    try {
      p = PacketDecoder.decode(f.linkType(), f.record());
    } catch (PcapFormatException e) {
      return new CapturedFrame(number, f.linkType(), null, e.getMessage(), null, false);
    }
    return new CapturedFrame(number, f.linkType(), p, null, dns(p, dnsPorts), false);
  }

  /** The DNS message in {@code p}'s payload (over TCP after its 2-byte length), or null. */
  private static Message dns(Packet p, Set<Integer> dnsPorts) {
    if (p.ip() == null || p.payload().length == 0) {
      return null;
    }
    boolean tcp = p.tcp() != null;
    int a = tcp ? p.tcp().sourcePort() : p.udp() != null ? p.udp().sourcePort() : -1;
    int b = tcp ? p.tcp().destinationPort() : p.udp() != null ? p.udp().destinationPort() : -1;
    if (!dnsPorts.contains(a) && !dnsPorts.contains(b)) {
      return null;
    }
    byte[] wire = p.payload();
    if (tcp) {
      if (wire.length < 2
          || Short.toUnsignedInt(ByteBuffer.wrap(wire).getShort()) != wire.length - 2) {
        return null; // not one whole DNS message in this segment
      }
      wire = Arrays.copyOfRange(wire, 2, wire.length);
    }
    try {
      return new Message(wire);
    } catch (IOException | RuntimeException e) {
      return null; // not DNS, or cut short by the snap length
    }
  }

  /** Marks TCP segments that repeat bytes their sender had sent, one direction at a time. */
  private static List<CapturedFrame> markRetransmissions(List<CapturedFrame> frames) {
    Map<String, List<CapturedFrame>> byDirection = new LinkedHashMap<>();
    for (CapturedFrame f : frames) {
      if (f.isTcp()) {
        String key = f.packet().source() + ">" + f.packet().destination();
        byDirection.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      }
    }
    List<CapturedFrame> out = new ArrayList<>(frames);
    for (List<CapturedFrame> direction : byDirection.values()) {
      List<TcpSegment> segments = direction.stream().map(f -> f.packet().tcp()).toList();
      for (int i : TcpRetransmissions.find(segments)) {
        CapturedFrame f = direction.get(i);
        out.set(f.number() - 1, f.asRetransmission());
      }
    }
    return out;
  }

  /** "pcap" or "pcapng". */
  public String format() {
    return format;
  }

  public List<CapturedFrame> frames() {
    return frames;
  }

  public int size() {
    return frames.size();
  }

  /** Frame {@code number} (1 for the first). */
  public CapturedFrame frame(int number) {
    return frames.get(number - 1);
  }

  /** The link types its frames have, for the report's notes. */
  public Set<String> linkTypes() {
    Set<String> out = new LinkedHashSet<>();
    frames.forEach(f -> out.add(f.linkType().name()));
    return out;
  }
}
