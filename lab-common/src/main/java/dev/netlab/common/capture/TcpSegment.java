package dev.netlab.common.capture;

import java.util.List;

/**
 * A TCP header as captured, with its options decoded.
 *
 * @param seq sequence number (unsigned 32-bit)
 * @param ack acknowledgment number (unsigned 32-bit; meaningful when ACK is set)
 * @param flags the 9 flag bits: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE
 *     0x40, CWR 0x80, NS 0x100
 * @param window the raw 16-bit window field (scaled by the peer's window-scale option after SYN)
 * @param headerLength 20 plus options
 * @param payloadLength data bytes this segment carries
 * @param mss maximum segment size option, or -1
 * @param windowScale window scale shift option, or -1
 * @param sackPermitted whether SACK-permitted was offered
 * @param timestamps whether the timestamps option is present
 * @param sackBlocks SACK blocks as [left, right) pairs
 */
public record TcpSegment(
    int sourcePort,
    int destinationPort,
    long seq,
    long ack,
    int flags,
    int window,
    int checksum,
    int headerLength,
    int payloadLength,
    int mss,
    int windowScale,
    boolean sackPermitted,
    boolean timestamps,
    List<long[]> sackBlocks) {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int URG = 0x20;
  public static final int ECE = 0x40;
  public static final int CWR = 0x80;

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Flags as tcpdump prints them: {@code S}, {@code S.}, {@code .}, {@code P.}, {@code F.}. */
  public String flagString() {
    StringBuilder sb = new StringBuilder();
    if (has(SYN)) sb.append('S');
    if (has(FIN)) sb.append('F');
    if (has(PSH)) sb.append('P');
    if (has(RST)) sb.append('R');
    if (has(URG)) sb.append('U');
    if (has(CWR)) sb.append('W');
    if (has(ECE)) sb.append('E');
    if (has(ACK)) sb.append('.');
    return sb.length() == 0 ? "none" : sb.toString();
  }

  /** Sequence space this segment occupies: payload plus one each for SYN and FIN. */
  public long sequenceLength() {
    return payloadLength + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
  }

  /** The options as one short text, such as {@code mss 65495,sackOK,TS,wscale 7}. */
  public String optionString() {
    StringBuilder sb = new StringBuilder();
    if (mss >= 0) sb.append("mss ").append(mss).append(',');
    if (sackPermitted) sb.append("sackOK,");
    if (timestamps) sb.append("TS,");
    if (windowScale >= 0) sb.append("wscale ").append(windowScale).append(',');
    for (long[] b : sackBlocks)
      sb.append("sack ").append(b[0]).append('-').append(b[1]).append(',');
    return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 1);
  }
}
