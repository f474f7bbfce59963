package dev.netlab.ports.table;

import dev.netlab.common.base.LabException;
import dev.netlab.common.net.ProcNet.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lab ports table} says: the notes' well-known ports, the three ranges, the ephemeral
 * range this system uses, and lookups by number or name, as lines for people and as JSON fields.
 */
public final class PortTable {
  private final ServicesDatabase db;
  private final Optional<PortRange> ephemeral;

  public PortTable(ServicesDatabase db, Optional<PortRange> ephemeral) {
    this.db = db;
    this.ephemeral = ephemeral;
  }

  public ServicesDatabase database() {
    return db;
  }

  /** The overview: the notes' ports, the ranges, the ephemeral range, why 10000 + N. */
  public List<String> overview() {
    List<String> out = new ArrayList<>();
    out.add("[PORT-3] the well-known ports of the notes (names from " + db.source() + "):");
    out.add(String.format("  %-6s %-8s %-10s %s", "PORT", "PROTO", "NAME", "WHAT"));
    for (int port : WellKnownPorts.NOTES) {
      for (ServiceEntry e : entriesFor(port)) {
        out.add(
            String.format(
                "  %-6d %-8s %-10s %s",
                port, e.protocol(), e.name(), WellKnownPorts.description(port, e.name())));
      }
    }
    out.add("[PORT-2] a port is a 16-bit number, 0-65535, in three ranges (RFC 6335):");
    for (PortRanges.Named n : PortRanges.ALL) {
      out.add(String.format("  %-12s %-11s %s", n.range(), n.name(), n.meaning()));
    }
    out.add(ephemeralLine());
    out.add(whyTenThousand());
    return out;
  }

  String ephemeralLine() {
    return ephemeral
        .map(
            r ->
                String.format(
                    Locale.ROOT,
                    "this system's ephemeral range: %s (/proc/sys/net/ipv4/ip_local_port_range),"
                        + " %,d ports a client gets one from when it does not bind one%s",
                    r,
                    r.size(),
                    r.equals(PortRanges.DYNAMIC.range())
                        ? ""
                        : "; not IANA's 49152-65535: the system's own choice"))
        .orElse(
            "this system's ephemeral range cannot be read here (no"
                + " /proc/sys/net/ipv4/ip_local_port_range): IANA suggests 49152-65535");
  }

  String whyTenThousand() {
    String below =
        ephemeral
            .filter(r -> r.first() > WellKnownPorts.LAB_OFFSET + 1023)
            .map(r -> ", and below the ephemeral range (" + r + "), so no client's port clashes")
            .orElse("");
    return "[PORT-3] why the labs use 10000 + N: echo is 10007, daytime 10013, HTTP 10080, so the"
        + " well-known number shows through; above 1023, so no privilege is needed"
        + below
        + ". 'lab ports host --privileged' binds the real numbers.";
  }

  /**
   * Lines about {@code query}: a port number (its range, names, the lab service at 10000 + N) or a
   * service name (its ports).
   *
   * @throws LabException usage for a number out of 0-65535; runtime for a name no one knows
   */
  public List<String> lookup(String query) {
    Integer port = number(query);
    return port != null ? byNumber(port) : byName(query);
  }

  /** The JSON fields of {@link #lookup}. */
  public Map<String, Object> lookupJson(String query) {
    Integer port = number(query);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("query", query);
    List<ServiceEntry> entries = port != null ? db.byPort(port) : db.byName(query);
    if (port != null) {
      out.put("port", port);
      out.put("range", PortRanges.of(port).name());
      out.put("ephemeral", ephemeral.map(r -> r.contains(port)).orElse(null));
      out.put("lab_service", WellKnownPorts.labService(port));
    }
    out.put("entries", entries.stream().map(PortTable::json).toList());
    return out;
  }

  private List<String> byNumber(int port) {
    List<String> out = new ArrayList<>();
    PortRanges.Named range = PortRanges.of(port);
    out.add(
        String.format(
            "[PORT-2] %d is in the %s range (%s): %s",
            port, range.name(), range.range(), range.meaning()));
    List<ServiceEntry> entries = db.byPort(port);
    if (entries.isEmpty()) {
      out.add("  no service has " + port + " in " + db.source());
    }
    for (ServiceEntry e : entries) {
      out.add(line(e));
    }
    String lab = WellKnownPorts.labService(port);
    if (lab != null) {
      out.add(
          String.format(
              "  netlab: the labs' %s, at 10000 + %d (its well-known number)",
              lab, port - WellKnownPorts.LAB_OFFSET));
    }
    ephemeral
        .filter(r -> r.contains(port))
        .ifPresent(
            r ->
                out.add(
                    "  in this system's ephemeral range ("
                        + r
                        + "): the kernel may give it to a client as its own port"));
    return out;
  }

  private List<String> byName(String name) {
    List<ServiceEntry> entries = db.byName(name);
    if (entries.isEmpty()) {
      throw LabException.runtime(
          "no service named '"
              + name
              + "' in "
              + db.source()
              + ": give a port number, or a name such as ssh, http or domain");
    }
    List<String> out = new ArrayList<>();
    out.add("[PORT-3] " + name + " (from " + db.source() + "):");
    for (ServiceEntry e : entries) {
      out.add(line(e) + "  [" + PortRanges.of(e.port()).name() + "]");
    }
    return out;
  }

  private static String line(ServiceEntry e) {
    String what =
        e.description().isEmpty()
            ? WellKnownPorts.description(e.port(), e.name())
            : e.description();
    String aliases = e.aliases().isEmpty() ? "" : " (also " + String.join(", ", e.aliases()) + ")";
    return String.format(
        "  %d/%s %s%s%s",
        e.port(), e.protocol(), e.name(), aliases, what.isEmpty() ? "" : ": " + what);
  }

  /** The database's entries for {@code port}, or the built-in ones where it has none. */
  private List<ServiceEntry> entriesFor(int port) {
    List<ServiceEntry> found = db.byPort(port);
    return found.isEmpty() ? ServicesDatabase.builtIn().byPort(port) : found;
  }

  private static Integer number(String query) {
    if (!query.chars().allMatch(Character::isDigit) || query.isEmpty()) {
      return null;
    }
    long n = query.length() > 6 ? Long.MAX_VALUE : Long.parseLong(query);
    if (n > 65_535) {
      throw LabException.usage(
          "port " + query + " is out of range: ports are 16-bit numbers, 0-65535");
    }
    return (int) n;
  }

  static Map<String, Object> json(ServiceEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("port", e.port());
    m.put("protocol", e.protocol());
    m.put("aliases", e.aliases());
    return m;
  }

  /** The overview's figures for JSON. */
  public Map<String, Object> overviewJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> notes = new ArrayList<>();
    for (int port : WellKnownPorts.NOTES) {
      entriesFor(port).forEach(e -> notes.add(json(e)));
    }
    out.put("well_known", notes);
    List<Map<String, Object>> ranges = new ArrayList<>();
    for (PortRanges.Named n : PortRanges.ALL) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n.name());
      m.put("first", n.range().first());
      m.put("last", n.range().last());
      ranges.add(m);
    }
    out.put("ranges", ranges);
    out.put("lab_offset", WellKnownPorts.LAB_OFFSET);
    return out;
  }

  /** The ephemeral range as JSON, or null. */
  public Map<String, Object> ephemeralJson() {
    return ephemeral
        .map(
            r -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("first", r.first());
              m.put("last", r.last());
              return m;
            })
        .orElse(null);
  }
}
