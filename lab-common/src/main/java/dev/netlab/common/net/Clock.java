package dev.netlab.common.net;

import java.time.Instant;

/**
 * Wall-clock nanoseconds since the epoch. Datagram labs stamp send and arrival times with it:
 * processes on one host share this clock, so one-way transit times are real, and jitter (which only
 * uses differences of transit times) is right even between hosts whose clocks differ.
 */
public final class Clock {
  private Clock() {}

  public static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
