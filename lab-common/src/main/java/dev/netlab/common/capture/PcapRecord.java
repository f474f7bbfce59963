package dev.netlab.common.capture;

/**
 * One packet as a pcap file stores it.
 *
 * @param timestampNanos capture time, nanoseconds since the epoch
 * @param originalLength length on the wire; {@code data} may be shorter (snap length)
 * @param data the captured bytes, starting with the link-layer header
 */
public record PcapRecord(long timestampNanos, int originalLength, byte[] data) {}
