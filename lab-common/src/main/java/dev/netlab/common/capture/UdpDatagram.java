package dev.netlab.common.capture;

/**
 * A UDP header as captured.
 *
 * @param length the header's length field: 8 bytes of header plus the payload
 */
public record UdpDatagram(int sourcePort, int destinationPort, int length, int checksum) {
  /** UDP's whole header: four 16-bit fields. */
  public static final int HEADER_LENGTH = 8;

  public int payloadLength() {
    return Math.max(0, length - HEADER_LENGTH);
  }
}
