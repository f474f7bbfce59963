package dev.netlab.grade.capture;

import dev.netlab.udp.probe.ProbeDatagram;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The UDP lab's raw datagrams as a capture shows them (layout in lab-udp's {@link ProbeDatagram}
 * and docs/udp.md): magic {@code NLUD} at offset 0, the type byte at 4, the sequence number (DATA)
 * or the count sent (END) at 8, big-endian.
 */
final class LabUdpPayload {
  private LabUdpPayload() {}

  /** The type byte of a lab datagram in {@code f}, or -1 when {@code f} carries none. */
  static int type(CapturedFrame f) {
    if (!f.isUdp()) {
      return -1;
    }
    byte[] p = f.packet().payload();
    if (p.length < ProbeDatagram.HEADER_LENGTH
        || ByteBuffer.wrap(p).getInt(ProbeDatagram.MAGIC_OFFSET) != ProbeDatagram.MAGIC) {
      return -1;
    }
    return p[ProbeDatagram.TYPE_OFFSET];
  }

  /** The sequence number (DATA) or count (END) of the lab datagram in {@code f}, if it is one. */
  static OptionalLong seq(CapturedFrame f) {
    return type(f) < 0
        ? OptionalLong.empty()
        : OptionalLong.of(ByteBuffer.wrap(f.packet().payload()).getLong(ProbeDatagram.SEQ_OFFSET));
  }

  /** {@code data} or {@code end}, as an exercise file names a type; throws otherwise. */
  static byte typeNamed(String name, String where) {
    return switch (name) {
      case "data" -> ProbeDatagram.TYPE_DATA;
      case "end" -> ProbeDatagram.TYPE_END;
      default ->
          throw new IllegalArgumentException(
              where + ": netlab_udp: expected data or end; got '" + name + "'");
    };
  }
}
