package dev.netlab.udp.rudp.wire;

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

  /**
   * SYN: opens connection {@code id} in {@code mode}, offering {@code window}, announcing {@code
   * syn}.
   */
  public static RudpPacket syn(long id, RudpMode mode, int window, SynPayload syn) {
    return new RudpPacket(
        RudpCodec.TYPE_SYN, mode.code(), id, 0, 0, window, List.of(), syn.encode());
  }

  /** SYN-ACK: the receiver accepts connection {@code id} and offers {@code window}. */
  public static RudpPacket synAck(long id, int window) {
    return control(RudpCodec.TYPE_SYN_ACK, 0, id, 0, 0, window);
  }

  public static RudpPacket data(long id, long seq, long ack, int window, byte[] payload) {
    return new RudpPacket(RudpCodec.TYPE_DATA, 0, id, seq, ack, window, List.of(), payload);
  }

  /**
   * ACK: everything below {@code ack} arrived, and the {@code sack} runs above it; {@code echo} is
   * the newest datagram that arrived, for the sender's RTT sample.
   */
  public static RudpPacket ack(long id, long echo, long ack, int window, List<long[]> sack) {
    return new RudpPacket(RudpCodec.TYPE_ACK, 0, id, echo, ack, window, sack, new byte[0]);
  }

  /** FIN: the sender sent all {@code total} datagrams of connection {@code id}. */
  public static RudpPacket fin(long id, long total) {
    return control(RudpCodec.TYPE_FIN, 0, id, total, 0, 0);
  }

  /**
   * FIN-ACK: the answer to a FIN announcing {@code total} datagrams.
   *
   * @param summary the {@link FinAck#encode() encoded} {@link FinAck}
   */
  public static RudpPacket finAck(long id, long total, long ack, int window, byte[] summary) {
    return new RudpPacket(RudpCodec.TYPE_FIN_ACK, 0, id, total, ack, window, List.of(), summary);
  }

  /** RST: the receiver refuses connection {@code id}. */
  public static RudpPacket rst(long id) {
    return control(RudpCodec.TYPE_RST, 0, id, 0, 0, 0);
  }

  public static RudpPacket control(int type, int flags, long id, long seq, long ack, int window) {
    return new RudpPacket(type, flags, id, seq, ack, window, List.of(), new byte[0]);
  }

  public String typeName() {
    return RudpCodec.typeName(type);
  }
}
