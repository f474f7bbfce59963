package dev.netlab.ports.host;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a service that answers without being asked anything sends: the whole answer of a TCP
 * connection (then the server closes), or the one datagram sent back for each datagram received.
 */
@FunctionalInterface
public interface Answer {
  /** The next answer's bytes. */
  byte[] next();

  /** Daytime (RFC 867): the date and time as a line of text. */
  static Answer daytime(Clock clock) {
    return () -> Daytime.line(clock.instant()).getBytes(StandardCharsets.US_ASCII);
  }

  /** Quote of the day (RFC 865). */
  static Answer qotd(Clock clock) {
    return () -> Quotes.of(clock.instant()).getBytes(StandardCharsets.US_ASCII);
  }

  /** Time (RFC 868): 4 bytes, seconds since 1900. */
  static Answer time(Clock clock) {
    return () -> TimeFormat.encode(clock.instant());
  }

  /**
   * Chargen over UDP (RFC 864): one line per datagram, each the pattern's next line, as BSD inetd
   * answers (the RFC allows 0 to 512 characters).
   */
  static Answer chargenLine() {
    AtomicLong line = new AtomicLong();
    return () -> Chargen.line(line.getAndIncrement());
  }
}
