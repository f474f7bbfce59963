package dev.netlab.dns.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.Name;

/** The zones one server answers for; a question goes to the zone closest to its name. */
public final class Zones {
  private final List<ZoneData> zones;

  /**
   * @throws IllegalArgumentException when two zones have the same origin
   */
  public Zones(List<ZoneData> zones) {
    List<ZoneData> sorted = new ArrayList<>(zones);
    // deepest origin first: the first zone that holds a name is the closest one
    sorted.sort(Comparator.comparingInt((ZoneData z) -> z.origin().labels()).reversed());
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        if (sorted.get(i).origin().equals(sorted.get(j).origin())) {
          throw new IllegalArgumentException(
              "zone " + sorted.get(i).origin() + " is given twice: serve each zone once");
        }
      }
    }
    this.zones = List.copyOf(sorted);
  }

  /** The zone that holds {@code name}, or null when this server is not authoritative for it. */
  public ZoneData find(Name name) {
    for (ZoneData z : zones) {
      if (name.subdomain(z.origin())) {
        return z;
      }
    }
    return null;
  }

  public List<ZoneData> all() {
    return zones;
  }
}
