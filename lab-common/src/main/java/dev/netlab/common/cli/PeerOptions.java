package dev.netlab.common.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.net.PeerLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How much per-peer state a UDP server or relay keeps: {@code --max-peers}, {@code --peer-idle}.
 */
public final class PeerOptions {
  @Option(
      names = "--max-peers",
      paramLabel = "N",
      converter = Converters.IntCount.class,
      defaultValue = "1024",
      description =
          "Peers remembered at once (default: ${DEFAULT-VALUE}); a new one then replaces the"
              + " idlest, or is refused while all of them are active.")
  int maxPeers;

  @Option(
      names = "--peer-idle",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = Converters.PositiveTime.class,
      description = "Forget a peer quiet this long (default: ${DEFAULT-VALUE}).")
  Duration peerIdle;

  /**
   * The limits asked for.
   *
   * @throws LabException (usage) when they make no sense
   */
  public PeerLimits limits() {
    if (maxPeers < 1) {
      throw LabException.usage("--max-peers must be at least 1; got " + maxPeers);
    }
    if (peerIdle.isZero() || peerIdle.isNegative()) {
      throw LabException.usage("--peer-idle must be positive, e.g. 30s");
    }
    return new PeerLimits(maxPeers, peerIdle);
  }
}
