package dev.netlab.common.pcap;

import dev.netlab.common.base.LabException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.pcap.PcapWriteHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --pcap FILE}: what this program's channels read and write, written by Netty's {@link
 * PcapWriteHandler} into one pcap file that Wireshark opens. It needs no privilege because it never
 * touches the kernel's packets: for TCP it synthesizes the handshake, ACK and FIN packets around
 * the real payload, so sequence numbers and timing in it are not the kernel's.
 */
public final class PcapSink implements AutoCloseable {
  /** Printed whenever a file is written, so nobody mistakes it for a kernel capture. */
  public static final String SYNTHESIZED_NOTE =
      "the pcap file holds this program's payload as Netty saw it; its TCP handshake/ACK/FIN"
          + " packets are synthesized. For the kernel's real packets use scripts/capture.sh"
          + " or 'lab tcp handshake'.";

  private final Path file;
  private final OutputStream out;

  public PcapSink(Path file) {
    this.file = file;
    try {
      this.out = new BufferedOutputStream(Files.newOutputStream(file));
      PcapWriteHandler.writeGlobalHeader(out);
    } catch (IOException e) {
      throw LabException.usage(
          "cannot write pcap file " + file + " (" + e.getMessage() + "): choose a writable path");
    }
  }

  /**
   * Adds this file's handler to a channel's pipeline, first; a datagram channel also gets its real
   * local address written instead of the wildcard it may be bound to.
   */
  public void addTo(ChannelPipeline pipeline) {
    boolean datagram = pipeline.channel() instanceof DatagramChannel;
    if (datagram) {
      pipeline.addFirst("pcap-local-address-written", new RealLocalAddress());
    }
    pipeline.addFirst("pcap", newHandler());
    if (datagram) {
      pipeline.addFirst("pcap-local-address-read", new RealLocalAddress());
    }
  }

  /** A new handler for one channel; every channel of the run writes into the same file. */
  public ChannelHandler newHandler() {
    return PcapWriteHandler.builder()
        .sharedOutputStream(true)
        .writePcapGlobalHeader(false)
        .build(out);
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    synchronized (out) {
      try {
        out.close();
      } catch (IOException e) {
        throw LabException.runtime("cannot finish pcap file " + file + ": " + e.getMessage());
      }
    }
  }
}
