package dev.netlab.ports.host;

import java.time.Instant;

/**
 * The time protocol's answer (RFC 868): the seconds since 1900-01-01 00:00 UTC as a 32-bit unsigned
 * number, 4 bytes, most significant first (network byte order). It wraps in 2036, as the RFC's
 * number does.
 */
public final class TimeFormat {
  /** Bytes of an answer. */
  public static final int LENGTH = 4;

  /**
   * Seconds from 1900-01-01 to 1970-01-01 (the Unix epoch): 70 years with 17 leap days. RFC 868
   * gives 2,208,988,800 as the time of 1970-01-01 00:00 GMT.
   */
  public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

  private TimeFormat() {}

  /** The 4 bytes for {@code at}. */
  public static byte[] encode(Instant at) {
    long seconds = (at.getEpochSecond() + SECONDS_1900_TO_1970) & 0xFFFF_FFFFL;
    return new byte[] {
      (byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds
    };
  }

  /**
   * The instant 4 answer bytes name, read as seconds since 1900 (before the 2036 wrap).
   *
   * @throws IllegalArgumentException unless there are exactly 4 bytes
   */
  public static Instant decode(byte[] answer) {
    if (answer.length != LENGTH) {
      throw new IllegalArgumentException(
          "a time answer is " + LENGTH + " bytes; got " + answer.length);
    }
    long seconds = 0;
    for (byte b : answer) {
      seconds = (seconds << 8) | (b & 0xFF);
    }
    return Instant.ofEpochSecond(seconds - SECONDS_1900_TO_1970);
  }
}
