package dev.netlab.tcp.cli;

import dev.netlab.common.cli.Converters;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What both ends of a bulk transfer take: hashing on or off, and the report interval. */
final class ThroughputOptions {
  @Option(names = "--no-hash", description = "Do not hash (measures the socket path alone).")
  boolean noHash;

  @Option(
      names = {"-i", "--interval"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Converters.Time.class,
      description = "Throughput report interval, 0 for the total only (default: ${DEFAULT-VALUE}).")
  Duration interval;
}
