package dev.netlab.common.cli;

import dev.netlab.common.transport.Transport;
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
  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmgKMG])?(i?[bB])?");

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

  /** Parses {@code 500ms}, {@code 3s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or ISO-8601. */
  public static Duration duration(String text) {
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
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a duration: use a number with a unit, such as 500ms, 3s or 2m");
    }
  }

  /** Parses a byte count: {@code 1000}, {@code 64K}, {@code 64M}, {@code 1G} (powers of 1024). */
  public static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException(
          "'" + text + "' is not a size: use a byte count such as 1000, 64K, 64M or 1G");
    }
    long value = Long.parseLong(m.group(1));
    int shift =
        m.group(2) == null
            ? 0
            : switch (m.group(2).toLowerCase(Locale.ROOT)) {
              case "k" -> 10;
              case "m" -> 20;
              default -> 30;
            };
    return value << shift;
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

  /** {@link #size}. */
  public static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return size(value);
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
