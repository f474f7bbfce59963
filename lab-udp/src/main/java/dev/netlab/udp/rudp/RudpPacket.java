package dev.netlab.udp.rudp;

import java.util.List;

/**
 * One decoded RUDP packet. See {@link RudpCodec} for the layout and docs/rudp.md for meaning.
 *
 * @param type one of the {@code RudpCodec.TYPE_*} values
 * @param flags SYN: the mode; otherwise 0
 * @param connectionId the connection this packet belongs to
 * @param seq DATA: the datagram's sequence number; SYN/FIN: the first/next sequence number
 * @param ack cumulative acknowledgment: every sequence number below it arrived
 * @param window receive window: datagrams the receiver can still buffer
 * @param sack SACK blocks, each [start, end) of sequence numbers received above {@code ack}
 * @param payload the payload bytes (DATA: data; SYN: transfer parameters; FIN_ACK: the digest)
 */
public record RudpPacket(
    int type,
    int flags,
    long connectionId,
    long seq,
    long ack,
    int window,
    List<long[]> sack,
    byte[] payload) {

  public static RudpPacket data(long id, long seq, long ack, int window, byte[] payload) {
    return new RudpPacket(RudpCodec.TYPE_DATA, 0, id, seq, ack, window, List.of(), payload);
  }

  public static RudpPacket control(int type, int flags, long id, long seq, long ack, int window) {
    return new RudpPacket(type, flags, id, seq, ack, window, List.of(), new byte[0]);
  }

  public String typeName() {
    return RudpCodec.typeName(type);
  }
}
