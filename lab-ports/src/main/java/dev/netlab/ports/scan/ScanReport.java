package dev.netlab.ports.scan;

import dev.netlab.ports.table.ServicesDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One protocol's scan results as nmap shows them: the ports in the most common state (usually
 * closed) summed up in one "Not shown" line, every other port on a line of its own with its state,
 * service name and reason.
 */
public final class ScanReport {
  private final String protocol;
  private final List<PortResult> results;
  private final double seconds;
  private final ServicesDatabase services;

  public ScanReport(
      String protocol, List<PortResult> results, double seconds, ServicesDatabase services) {
    this.protocol = protocol;
    this.results = List.copyOf(results);
    this.seconds = seconds;
    this.services = services;
  }

  public List<PortResult> results() {
    return results;
  }

  public double portsPerSecond() {
    return seconds > 0 ? results.size() / seconds : 0;
  }

  /**
   * nmap sums up a state's ports in one line only when there are more than this many of them, so a
   * short list shows every port.
   */
  static final int SUMMED_UP_ABOVE = 25;

  /**
   * The state (and reason) most ports are in, left out of the listing: never open, and only when
   * more than {@link #SUMMED_UP_ABOVE} ports share it; null when every port is listed.
   */
  public PortResult mostCommon() {
    Map<String, List<PortResult>> groups =
        results.stream()
            .filter(r -> r.state() != PortState.OPEN)
            .collect(
                Collectors.groupingBy(
                    r -> r.state() + "/" + r.reason(), LinkedHashMap::new, Collectors.toList()));
    return groups.values().stream()
        .max(Comparator.comparingInt(List::size))
        .filter(g -> g.size() > SUMMED_UP_ABOVE)
        .map(g -> g.get(0))
        .orElse(null);
  }

  /** Lines for people; {@code all} lists every port. */
  public List<String> lines(boolean all) {
    List<String> out = new ArrayList<>();
    PortResult common = all ? null : mostCommon();
    long hidden = 0;
    List<PortResult> shown = new ArrayList<>();
    for (PortResult r : results) {
      if (common != null && r.state() == common.state() && r.reason() == common.reason()) {
        hidden++;
      } else {
        shown.add(r);
      }
    }
    if (hidden > 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "Not shown: %,d %s %s ports (%s)",
              hidden,
              common.state().label(),
              protocol,
              common.reason().label()));
    }
    if (!shown.isEmpty()) {
      out.add(String.format("%-12s %-14s %-16s %s", "PORT", "STATE", "SERVICE", "REASON"));
      for (PortResult r : shown) {
        out.add(
            String.format(
                "%-12s %-14s %-16s %s",
                r.port() + "/" + r.protocol(),
                r.state().label(),
                services.nameFor(r.port(), r.protocol()),
                r.reason().label()));
      }
    }
    out.add(
        String.format(
            Locale.ROOT,
            "%s: %,d ports in %.2f s (%,.0f ports/s); %s",
            protocol,
            results.size(),
            seconds,
            portsPerSecond(),
            counts()));
    return out;
  }

  /** "2 open, 65,531 closed, 1 filtered": every state met, in the enum's order. */
  String counts() {
    Map<PortState, Long> n =
        results.stream()
            .collect(
                Collectors.groupingBy(
                    PortResult::state,
                    () -> new EnumMap<>(PortState.class),
                    Collectors.counting()));
    return n.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey().label()))
        .collect(Collectors.joining(", "));
  }

  /** The JSON object: every port not in the most common state listed, that one counted. */
  public Map<String, Object> toJson(boolean all) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("protocol", protocol);
    out.put("ports_scanned", results.size());
    out.put("seconds", Math.round(seconds * 1000) / 1000.0);
    out.put("ports_per_second", Math.round(portsPerSecond()));
    Map<String, Object> byState = new LinkedHashMap<>();
    results.stream()
        .collect(Collectors.groupingBy(r -> r.state().label(), Collectors.counting()))
        .entrySet()
        .stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> byState.put(e.getKey(), e.getValue()));
    out.put("states", byState);
    PortResult common = all ? null : mostCommon();
    if (common != null) {
      Map<String, Object> ns = new LinkedHashMap<>();
      ns.put("state", common.state().label());
      ns.put("reason", common.reason().label());
      ns.put(
          "count",
          results.stream()
              .filter(r -> r.state() == common.state() && r.reason() == common.reason())
              .count());
      out.put("not_shown", ns);
    } else {
      out.put("not_shown", null);
    }
    out.put(
        "ports",
        results.stream()
            .filter(
                r -> common == null || r.state() != common.state() || r.reason() != common.reason())
            .sorted(Comparator.comparingInt(PortResult::port))
            .map(this::json)
            .toList());
    return out;
  }

  private Map<String, Object> json(PortResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("port", r.port());
    m.put("protocol", r.protocol());
    m.put("state", r.state().label());
    m.put("reason", r.reason().label());
    m.put("service", services.nameFor(r.port(), r.protocol()));
    m.put("tries", r.tries());
    return m;
  }
}
