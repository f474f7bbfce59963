package dev.netlab.ports.host;

import dev.netlab.common.base.LabException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The services {@code lab ports host} serves: the classic small services of the 1983 RFCs, each on
 * its well-known port, over TCP and UDP where its RFC defines both, and HTTP over TCP.
 */
public enum Service {
  ECHO(7, "RFC 862", "sends back what it receives", true),
  DISCARD(9, "RFC 863", "throws away what it receives", true),
  DAYTIME(13, "RFC 867", "the date and time as a line of text", true),
  QOTD(17, "RFC 865", "a quote of the day", true),
  CHARGEN(19, "RFC 864", "characters: 72-character lines, rotating", true),
  TIME(37, "RFC 868", "seconds since 1900 as 4 bytes, big-endian", true),
  HTTP(80, "RFC 9112", "a page: this host's services and your request's 4-tuple", false);

  /** Each service's default port is this plus its well-known number (echo: 10007). */
  public static final int DEFAULT_OFFSET = 10_000;

  private final int wellKnownPort;
  private final String rfc;
  private final String shows;
  private final boolean udp;

  Service(int wellKnownPort, String rfc, String shows, boolean udp) {
    this.wellKnownPort = wellKnownPort;
    this.rfc = rfc;
    this.shows = shows;
    this.udp = udp;
  }

  /** The number the RFC assigns, below 1024: binding it needs privilege. */
  public int wellKnownPort() {
    return wellKnownPort;
  }

  /** Where this service listens with {@code offset}: offset + the well-known number. */
  public int port(int offset) {
    return offset + wellKnownPort;
  }

  public String rfc() {
    return rfc;
  }

  /** What a client gets, in a few words. */
  public String shows() {
    return shows;
  }

  /** Whether the RFC defines the service over UDP as well as over TCP. */
  public boolean udp() {
    return udp;
  }

  /** The name users type: {@code echo}, {@code qotd}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The services a comma-separated list names ({@code echo,daytime}); {@code all} for every one.
   *
   * @throws LabException (usage) naming an unknown service and the known ones
   */
  public static Set<Service> parse(String list) {
    Set<Service> out = EnumSet.noneOf(Service.class);
    for (String name : list.split(",")) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.equals("all")) {
        out.addAll(EnumSet.allOf(Service.class));
        continue;
      }
      Service s = byLabel(n);
      if (s == null) {
        throw LabException.usage(
            "unknown service '" + name.trim() + "': choose from " + labels() + " or all");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw LabException.usage("--services names no service: choose from " + labels());
    }
    return out;
  }

  private static Service byLabel(String label) {
    for (Service s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    return null;
  }

  /** {@code echo, discard, ...}: every service's name. */
  public static String labels() {
    List<String> names = new ArrayList<>();
    for (Service s : values()) {
      names.add(s.label());
    }
    return String.join(", ", names);
  }
}
