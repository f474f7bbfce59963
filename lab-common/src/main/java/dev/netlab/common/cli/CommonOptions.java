package dev.netlab.common.cli;

import dev.netlab.common.transport.Transport;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every lab command takes. */
public final class CommonOptions {
  @Option(
      names = "--json",
      description = "Print one JSON object with the run's figures at the end, nothing else.")
  public boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log what the lab does (INFO).")
  public boolean verbose;

  @Option(names = "--debug", description = "Log everything (DEBUG) and show stack traces.")
  public boolean debug;

  @Option(
      names = "--transport",
      paramLabel = "auto|nio|epoll",
      defaultValue = "auto",
      converter = Converters.TransportName.class,
      description = "Netty transport: epoll on Linux, nio anywhere (default: ${DEFAULT-VALUE}).")
  public Transport transport;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description =
          "Write what this program's channels see to a pcap file for Wireshark"
              + " (TCP handshake/ACK packets in it are synthesized, not the kernel's).")
  public Path pcap;

  @Option(
      names = "--warm-up",
      description =
          "Run the hot path once before the socket opens, so the JVM has compiled it when real"
              + " traffic comes (the benchmarks use it; off: you see what a cold program does).")
  public boolean warmUp;
}
