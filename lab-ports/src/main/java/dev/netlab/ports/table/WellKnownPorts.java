package dev.netlab.ports.table;

import java.util.ArrayList;
import java.util.List;

/**
 * The well-known ports the notes name (PORT-3: FTP 20/21, Telnet 23, HTTP 80, HTTPS 443), those a
 * student meets next, and the classic small services the ports lab serves at 10000 + their number.
 * The built-in list used where the system has no {@code /etc/services}.
 */
public final class WellKnownPorts {
  /** The lab's services sit at this offset plus their well-known number: 10007 is echo. */
  public static final int LAB_OFFSET = 10_000;

  /** Services the ports lab (and the TCP, UDP and DNS labs) serve, by well-known number. */
  static final List<Integer> LAB_SERVICES = List.of(7, 9, 13, 17, 19, 37, 53, 80);

  private static final Object[][] BUILT_IN = {
    {"echo", 7, "tcp,udp", "echo: returns what it receives (RFC 862)"},
    {"discard", 9, "tcp,udp", "discard: reads and drops everything (RFC 863)"},
    {"daytime", 13, "tcp,udp", "daytime: the date and time as text (RFC 867)"},
    {"qotd", 17, "tcp,udp", "quote of the day (RFC 865)"},
    {"chargen", 19, "tcp,udp", "character generator (RFC 864)"},
    {"ftp-data", 20, "tcp", "FTP data connection (RFC 959)"},
    {"ftp", 21, "tcp", "FTP control connection (RFC 959)"},
    {"ssh", 22, "tcp", "Secure Shell (RFC 4253)"},
    {"telnet", 23, "tcp", "Telnet, remote terminal in clear text (RFC 854)"},
    {"smtp", 25, "tcp", "mail between servers (RFC 5321)"},
    {"time", 37, "tcp,udp", "time: seconds since 1900, 32 bits (RFC 868)"},
    {"domain", 53, "tcp,udp", "DNS (RFC 1035)"},
    {"http", 80, "tcp", "the web, HTTP (RFC 9110)"},
    {"pop3", 110, "tcp", "mailbox download (RFC 1939)"},
    {"ntp", 123, "udp", "clock synchronization (RFC 5905)"},
    {"imap", 143, "tcp", "mailbox access (RFC 9051)"},
    {"snmp", 161, "udp", "network management (RFC 3411)"},
    {"https", 443, "tcp,udp", "HTTP over TLS; over UDP, HTTP/3 on QUIC (RFC 9114)"},
    {"submission", 587, "tcp", "mail from clients (RFC 6409)"},
    {"imaps", 993, "tcp", "IMAP over TLS (RFC 8314)"},
  };

  /** The notes' ports, in this order on {@code lab ports table}'s first page. */
  static final List<Integer> NOTES = List.of(20, 21, 22, 23, 25, 53, 80, 443);

  private WellKnownPorts() {}

  /** The built-in list, one entry per protocol. */
  public static List<ServiceEntry> builtIn() {
    List<ServiceEntry> out = new ArrayList<>();
    for (Object[] row : BUILT_IN) {
      for (String proto : ((String) row[2]).split(",")) {
        out.add(
            new ServiceEntry((String) row[0], (Integer) row[1], proto, List.of(), (String) row[3]));
      }
    }
    return out;
  }

  /**
   * What the service {@code name} at {@code port} is, from the built-in list; empty when the list
   * does not know that name there (21/udp is fsp, not FTP).
   */
  public static String description(int port, String name) {
    for (Object[] row : BUILT_IN) {
      if ((Integer) row[1] == port && row[0].equals(name)) {
        return (String) row[3];
      }
    }
    return "";
  }

  /**
   * The lab service at {@code port} (10007 is echo), or null: the ports the labs use by default are
   * 10000 + the well-known number, so the number itself teaches.
   */
  public static String labService(int port) {
    int wellKnown = port - LAB_OFFSET;
    if (!LAB_SERVICES.contains(wellKnown)) {
      return null;
    }
    for (Object[] row : BUILT_IN) {
      if ((Integer) row[1] == wellKnown) {
        return (String) row[0];
      }
    }
    return null;
  }
}
