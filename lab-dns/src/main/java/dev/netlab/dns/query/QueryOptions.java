package dev.netlab.dns.query;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DnsQuery} asks.
 *
 * @param server where the query goes
 * @param tcp ask over TCP from the start (otherwise UDP, and TCP again when the answer comes back
 *     truncated)
 * @param recursion set RD, "recursion desired" (an authoritative server ignores it)
 * @param edns add an OPT record (EDNS(0), RFC 6891) offering {@code bufsize} bytes over UDP
 * @param bufsize the UDP payload size offered with EDNS
 * @param timeout how long to wait for each answer
 */
public record QueryOptions(
    InetSocketAddress server,
    boolean tcp,
    boolean recursion,
    boolean edns,
    int bufsize,
    Duration timeout) {
  /** dig's default since BIND 9.18 (DNS flag day 2020): fits a 1280-byte IPv6 MTU. */
  public static final int DEFAULT_BUFSIZE = 1232;

  /** How long to wait for an answer on loopback before saying the server is not answering. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  public QueryOptions {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(timeout, "timeout");
    if (bufsize < 512 || bufsize > 65_535) {
      throw new IllegalArgumentException(
          "EDNS buffer size must be 512-65535 bytes, got " + bufsize);
    }
  }
}
