package dev.netlab.ports.host;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The daytime service's answer (RFC 867): the date and time as one line of ASCII text. The RFC
 * leaves the syntax open and suggests {@code Weekday, Month Day, Year Time-Zone}; this host answers
 * in that form, in UTC: {@code Wednesday, November 25, 2026 13:38:55-UTC} and CR LF.
 */
public final class Daytime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy HH:mm:ss'-UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private Daytime() {}

  /** The line for {@code at}, CR LF included. */
  public static String line(Instant at) {
    return FORMAT.format(at) + "\r\n";
  }
}
