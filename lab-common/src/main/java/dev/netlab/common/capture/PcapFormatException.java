package dev.netlab.common.capture;

import java.io.IOException;

/** Bytes that are not a valid pcap stream or packet: what was expected and what came. */
public final class PcapFormatException extends IOException {
  public PcapFormatException(String message) {
    super(message);
  }
}
