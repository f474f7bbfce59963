package dev.netlab.common.cli;

import dev.netlab.common.transport.Transport;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters for the values every lab takes. Each rejects bad input with a sentence that
 * names what was wrong and what to type instead; picocli prefixes the option's name.
 */
public final class Converters {
  /** Highest TCP/UDP port: ports are 16-bit numbers. */
  public static final int MAX_PORT = 65_535;

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([kmgtKMGT])?(i?[bB])?");

  private static final Pattern RATE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)([kmgKMG])?(?:bits?|bps|bit/s|/s)?");

  private static final String SIZE_HINT = "use a byte count such as 1000, 64K, 64M or 1G";

  private Converters() {}

  /** Checks a port number: 0-65535, where 0 asks the kernel for any free port. */
  public static int port(String text) {
    int port;
    try {
      port = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a port number: use a number from 0 to 65535");
    }
    if (port < 0 || port > MAX_PORT) {
      throw new TypeConversionException(
          "port "
              + port
              + " is out of range: ports are 16-bit, use 0-65535 (0 lets the kernel pick a free one)");
    }
    return port;
  }

  /** Resolves a host name or literal address, failing with the fix if it cannot be resolved. */
  public static InetAddress host(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new TypeConversionException(
          "unknown host '"
              + text
              + "': use an IP address such as 127.0.0.1 or ::1, or a name your resolver knows");
    }
  }

  /**
   * Parses {@code 500ms}, {@code 3s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or ISO-8601; zero is
   * allowed, negative durations are not.
   */
  public static Duration duration(String text) {
    Duration d = parseDuration(text);
    if (d.isNegative()) {
      throw new TypeConversionException(
          "'" + text + "' is negative: use a duration of 0 or more, such as 500ms, 3s or 2m");
    }
    return d;
  }

  /** {@link #duration}, and more than zero: a timeout, an interval, a time limit. */
  public static Duration positiveDuration(String text) {
    Duration d = duration(text);
    if (d.isZero()) {
      throw new TypeConversionException(
          "'" + text + "' is no time at all: use a duration above 0, such as 500ms, 3s or 2m");
    }
    return d;
  }

  private static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (m.matches()) {
      double value = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double millis =
          switch (unit) {
            case "ms" -> value;
            case "m" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> value * 1_000;
          };
      if (millis > Long.MAX_VALUE / 1_000_000.0) {
        throw new TypeConversionException(
            "'" + text + "' is too long: use at most a few thousand years, such as 30d as 720h");
      }
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a duration: use a number with a unit, such as 500ms, 3s or 2m");
    }
  }

  /**
   * Parses a byte count: {@code 1000}, {@code 64K}, {@code 1.5M}, {@code 1G}, {@code 2T} (powers of
   * 1024, as for file sizes; {@code KiB}, {@code MB} accepted too). The one parser of every size
   * option, with one message.
   */
  public static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a size: " + SIZE_HINT);
    }
    int shift =
        m.group(2) == null
            ? 0
            : switch (m.group(2).toLowerCase(Locale.ROOT)) {
              case "k" -> 10;
              case "m" -> 20;
              case "g" -> 30;
              default -> 40;
            };
    return whole(
        text, new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift)), "size");
  }

  /** {@link #size} that fits an {@code int}: a datagram's or a buffer's size. */
  public static int intSize(String text) {
    long v = size(text);
    if (v > Integer.MAX_VALUE) {
      throw new TypeConversionException(
          "'" + text + "' is too large here: use at most " + Integer.MAX_VALUE + " bytes");
    }
    return (int) v;
  }

  /**
   * Parses a rate above zero in decimal units, as every network tool counts them: {@code 10M} is
   * 10,000,000 (bits per second, or datagrams per second where the option says so), {@code 5k}
   * 5,000, {@code 1.5G} 1,500,000,000; a trailing {@code bit}, {@code bps} or {@code /s} is
   * allowed.
   */
  public static long rate(String text) {
    Matcher m = RATE.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException(
          "'"
              + text
              + "' is not a rate: use a number with an optional k, M or G, such as 5000,"
              + " 10M or 1G (decimal: 10M is 10,000,000)");
    }
    int exp =
        m.group(2) == null
            ? 0
            : switch (m.group(2).toLowerCase(Locale.ROOT)) {
              case "k" -> 3;
              case "m" -> 6;
              default -> 9;
            };
    long v = whole(text, new BigDecimal(m.group(1)).scaleByPowerOfTen(exp), "rate");
    if (v < 1) {
      throw new TypeConversionException(
          "'" + text + "' is no rate at all: use 1 or more (leave the option out for no limit)");
    }
    return v;
  }

  /** {@link #rate}, or {@code max} (as fast as possible), given as 0. */
  public static long rateOrMax(String text) {
    return text.trim().equalsIgnoreCase("max") ? 0 : rate(text);
  }

  /** A count of 1 or more: datagrams, messages, a window. */
  public static long count(String text) {
    long v;
    try {
      v = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a count: use a whole number of 1 or more, such as 10 or 1000");
    }
    if (v < 1) {
      throw new TypeConversionException("'" + text + "' is too few: use 1 or more");
    }
    return v;
  }

  /** {@code value} as a long, rounded down, or a message that it is too large. */
  private static long whole(String text, BigDecimal value, String what) {
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new TypeConversionException(
          "'" + text + "' is too large for a " + what + ": use at most " + Long.MAX_VALUE);
    }
    return value.longValue();
  }

  /** {@link #port}. */
  public static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return port(value);
    }
  }

  /** {@link #host}. */
  public static final class Host implements ITypeConverter<InetAddress> {
    @Override
    public InetAddress convert(String value) {
      return host(value);
    }
  }

  /** {@link #duration}. */
  public static final class Time implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }

  /** {@link #positiveDuration}. */
  public static final class PositiveTime implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return positiveDuration(value);
    }
  }

  /** {@link #size}. */
  public static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return size(value);
    }
  }

  /** {@link #intSize}. */
  public static final class IntSize implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return intSize(value);
    }
  }

  /** {@link #rate}. */
  public static final class Rate implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return rate(value);
    }
  }

  /** {@link #rateOrMax}. */
  public static final class RateOrMax implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return rateOrMax(value);
    }
  }

  /** {@link #count}. */
  public static final class Count implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return count(value);
    }
  }

  /** {@link #count} that fits an {@code int}. */
  public static final class IntCount implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long v = count(value);
      if (v > Integer.MAX_VALUE) {
        throw new TypeConversionException(
            "'" + value + "' is too many here: use at most " + Integer.MAX_VALUE);
      }
      return (int) v;
    }
  }

  /** {@link Transport#parse}. */
  public static final class TransportName implements ITypeConverter<Transport> {
    @Override
    public Transport convert(String value) {
      try {
        return Transport.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
