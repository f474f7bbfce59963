package dev.netlab.grade.capture;

import dev.netlab.grade.Messages;
import dev.netlab.udp.probe.ProbeDatagram;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.function.ToIntFunction;

/** A piece of evidence a capture holds some number of times, and how to say what it is. */
public record Evidence(String what, ToIntFunction<CaptureView> counter) {
  /** The evidence kinds an exercise file may name. */
  public enum Kind {
    /** Frames matching a filter. */
    COUNT,
    /** Connections with a port whose SYN, SYN+ACK and ACK are all in the capture. */
    TCP_HANDSHAKE,
    /** Connections with a port closed by a FIN from each side, each acknowledged. */
    TCP_TEARDOWN,
    /** Frames carrying the student's token (a payload line, a DNS query name). */
    STUDENT_TOKEN,
    /** Sequence numbers missing among the UDP lab's DATA datagrams to a port, 0 to the highest. */
    UDP_SEQUENCE_GAPS;

    static Kind named(String name, String where) {
      for (Kind k : values()) {
        if (k.name().toLowerCase(Locale.ROOT).equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          where
              + ": unknown evidence '"
              + name
              + "'; expected one of "
              + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  public int count(CaptureView view) {
    return counter.applyAsInt(view);
  }

  static Evidence count(FrameFilter filter) {
    return new Evidence(
        Messages.get("capture.count_what", filter.describe()),
        v -> (int) v.frames().stream().filter(filter::matches).count());
  }

  static Evidence handshake(int port) {
    return new Evidence(
        Messages.get("capture.handshake_what", port),
        v ->
            (int)
                TcpConnections.withPort(v, port).stream()
                    .filter(c -> TcpConnections.handshakeComplete(c, port))
                    .count());
  }

  static Evidence teardown(int port) {
    return new Evidence(
        Messages.get("capture.teardown_what", port),
        v ->
            (int)
                TcpConnections.withPort(v, port).stream()
                    .filter(c -> TcpConnections.teardownComplete(c, port))
                    .count());
  }

  static Evidence sequenceGaps(int port) {
    return new Evidence(
        Messages.get("capture.sequence_gaps_what", port),
        v -> {
          BitSet seen = new BitSet();
          long highest = -1;
          for (CapturedFrame f : v.frames()) {
            if (LabUdpPayload.type(f) == ProbeDatagram.TYPE_DATA
                && f.packet().udp().destinationPort() == port) {
              long seq = LabUdpPayload.seq(f).getAsLong();
              if (seq >= 0 && seq < CaptureView.MAX_FRAMES) { // a capture holds no more
                seen.set((int) seq);
                highest = Math.max(highest, seq);
              }
            }
          }
          return (int) (highest + 1 - seen.cardinality());
        });
  }

  static Evidence token(String token) {
    byte[] needle = token.getBytes(StandardCharsets.US_ASCII);
    return new Evidence(
        Messages.get("capture.token_what", token),
        v ->
            (int)
                v.frames().stream()
                    .filter(
                        f ->
                            f.packet() != null
                                && FrameFilter.indexOf(f.packet().payload(), needle) >= 0)
                    .count());
  }
}
